import SurveyCore

/// Invents a plausible roster for demos and tests: fictional names, the office's three categories.
public enum DemoRoster {
    /// `count` supervisors with ids `S001`…, about 60% private enterprise, 25% community, 15% agency.
    /// Their organisations are marked as sample data (演示数据).
    public static func make(count: Int) -> [Supervisor] {
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
        let given = [
            "建国", "志强", "秀英", "海燕", "明", "伟", "静", "磊", "丽娟", "国栋", "晓东", "春梅", "立新", "卫东", "淑珍",
            "红", "军", "桂英", "文博", "思远", "雪", "婷", "浩然", "子涵", "德华", "玉兰", "宏伟", "欣怡", "永强", "美玲",
        ]
        let organizations: [SupervisorCategory: [String]] = [
            .privateEnterprise: ["华东精密机械有限公司", "绿谷科技股份有限公司", "东方物流有限公司", "新材料研究院有限公司", "惠民商贸有限公司"],
            .community: ["金桥街道和平社区", "丰年村街道新村社区", "华明街道东丽湖社区", "无瑕街道春霞里社区", "万新街道詹庄子社区"],
            .agency: ["区发展改革委", "区市场监管局", "区税务局", "区人力社保局", "区住房建设委"],
        ]
        return (0..<count).map { index in
            let share = Double(index % 20) / 20
            let category: SupervisorCategory = share < 0.6 ? .privateEnterprise : share < 0.85 ? .community : .agency
            let name = String(surnames[index % surnames.count]) + given[(index * 7 + index / surnames.count) % given.count]
            let phone = "139" + String(index * 7919 % 100_000_000).leftPadded(to: 8)
            let organization = "（演示数据）" + organizations[category]![index % 5]
            return Supervisor(
                id: "S" + String(index + 1).leftPadded(to: 3), name: name, category: category,
                organization: organization, phone: phone)
        }
    }
}

extension String {
    /// Pads with leading zeros to at least `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import SurveyCore

/// How the sample dataset's staff worked each problem: measures, a progress note and the evidence,
/// written per problem as a district office would (demo data, not the office's).
enum SampleWork {
    struct Plan {
        let category: RectificationCategory
        let measures: [String]
        let progress: String
        let evidence: String
    }

    /// Plans by a phrase of the problem's wording.
    static let plans: [(phrase: String, plan: Plan)] = [
        (
            "惠企政策宣传",
            Plan(
                category: .scheduled,
                measures: ["编印惠企政策汇编并通过政务服务中心、街道和商协会发放", "开展“政策进园区”宣讲活动 4 场"],
                progress: "政策汇编已印发 3000 册，已在 4 个园区开展宣讲", evidence: "政策汇编样本、宣讲活动签到表及照片")
        ),
        (
            "跨部门协调",
            Plan(
                category: .scheduled,
                measures: ["依托优化营商环境联席会议建立涉企事项首问负责和限时转办机制", "对跨部门事项实行台账管理、定期调度"],
                progress: "首问负责和限时转办机制已印发，联席会议已调度跨部门事项 12 件", evidence: "机制文件、联席会议纪要")
        ),
        (
            "申报兑现",
            Plan(
                category: .scheduled,
                measures: ["梳理可“免申即享”的政策清单并公布", "精简兑现申报材料，推行网上申报"],
                progress: "已梳理可免申即享政策 8 项，兑现申报材料平均减少 3 项", evidence: "免申即享政策清单、申报材料精简对照表")
        ),
        (
            "隐性壁垒",
            Plan(
                category: .scheduled,
                measures: ["开展妨碍统一市场和公平竞争的政策措施清理", "畅通隐性壁垒问题投诉渠道"],
                progress: "已完成 2 批政策文件公平竞争审查", evidence: "清理工作报告、审查意见")
        ),
        (
            "融资难",
            Plan(
                category: .longTerm, measures: ["组织银企对接会，推广普惠金融产品"], progress: "已召开银企对接会 2 场，促成融资 1.2 亿元",
                evidence: "对接会纪要、签约清单")
        ),
        (
            "窗口服务",
            Plan(
                category: .immediate, measures: ["开展窗口服务规范和业务培训，高峰期增设弹性窗口"], progress: "已完成全员培训并增设弹性窗口 2 个",
                evidence: "培训通知、签到表、排班表")
        ),
        (
            "最多跑一次",
            Plan(
                category: .scheduled, measures: ["梳理“一次办”事项清单并公布办事指南"], progress: "已公布一次办事项 126 项",
                evidence: "事项清单、办事指南")
        ),
        (
            "一刀切",
            Plan(
                category: .immediate, measures: ["规范涉企执法，推行包容审慎监管和首违不罚清单"], progress: "首违不罚清单已印发",
                evidence: "清单文件、执法培训记录")
        ),
        (
            "拖欠企业账款",
            Plan(
                category: .scheduled, measures: ["开展拖欠企业账款专项清理，建立台账逐笔销号"], progress: "已清理拖欠账款 15 笔",
                evidence: "清理台账、付款凭证")
        ),
        (
            "走访、座谈",
            Plan(
                category: .longTerm, measures: ["建立区领导和部门负责人常态化走访企业制度", "每季度召开一次政企座谈会"],
                progress: "已走访企业 86 家，召开政企座谈会 2 场", evidence: "走访台账、座谈会纪要")
        ),
        (
            "听取市场主体意见",
            Plan(
                category: .longTerm, measures: ["涉企政策出台前通过座谈会、网上征求意见等方式听取企业和商协会意见"],
                progress: "已建立涉企政策征求意见制度", evidence: "制度文件、征求意见记录")
        ),
        (
            "平等对待",
            Plan(
                category: .scheduled, measures: ["清理招投标和政府采购中区别对待民营企业的规定", "公布民营企业投诉渠道"],
                progress: "已清理相关文件 5 件", evidence: "清理文件目录、投诉渠道公告")
        ),
        (
            "企业开办",
            Plan(
                category: .immediate, measures: ["企业开办全程网办、一日办结，推行简易注销"], progress: "企业开办已压缩至 1 个工作日",
                evidence: "企业开办流程图、办结时限统计")
        ),
        (
            "水电气网",
            Plan(
                category: .scheduled, measures: ["水电气网报装进驻政务服务中心联合办理", "公布报装时限和收费标准"],
                progress: "联合报装窗口已设立", evidence: "联合报装窗口照片、时限和收费公示")
        ),
        (
            "招工用工",
            Plan(
                category: .longTerm, measures: ["举办重点企业专场招聘会，建立用工需求台账"], progress: "已举办专场招聘会 3 场",
                evidence: "招聘会通知、用工需求台账")
        ),
        (
            "知识产权",
            Plan(
                category: .longTerm, measures: ["开展知识产权侵权专项执法，设立知识产权维权工作站"], progress: "维权工作站已挂牌",
                evidence: "专项执法方案、工作站挂牌照片")
        ),
        (
            "中介服务",
            Plan(
                category: .scheduled, measures: ["清理规范涉企中介服务事项和收费，公布中介服务清单"], progress: "已公布中介服务事项清单",
                evidence: "中介服务事项清单")
        ),
        (
            "整改落实",
            Plan(
                category: .longTerm, measures: ["建立监督员反映问题一事一办、件件回访机制"], progress: "已上线整改回访功能",
                evidence: "工作机制文件、回访记录")
        ),
    ]

    /// The plan for `problem`, or a plain one naming the problem.
    static func plan(for problem: String) -> Plan {
        plans.first { problem.contains($0.phrase) }?.plan
            ?? Plan(
                category: .scheduled, measures: ["针对“\(problem)”明确责任科室，逐项核实并整改"], progress: "已完成核实，正在整改",
                evidence: "整改情况说明")
    }
}

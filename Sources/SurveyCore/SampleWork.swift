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
        ("惠企政策宣传", Plan(category: .scheduled,
                         measures: ["编印惠企政策汇编并通过政务服务中心、街道和商协会发放", "开展“政策进园区”宣讲活动 4 场"],
                         progress: "政策汇编已印发 3000 册，已在 4 个园区开展宣讲", evidence: "政策汇编样本、宣讲活动签到表及照片")),
        ("跨部门协调", Plan(category: .scheduled,
                       measures: ["依托优化营商环境联席会议建立涉企事项首问负责和限时转办机制", "对跨部门事项实行台账管理、定期调度"],
                       progress: "首问负责和限时转办机制已印发，联席会议已调度跨部门事项 12 件", evidence: "机制文件、联席会议纪要")),
        ("惠企政策兑现", Plan(category: .scheduled,
                         measures: ["梳理可“免申即享”的政策清单并公布", "精简兑现申报材料，推行网上申报"],
                         progress: "已梳理可免申即享政策 8 项，兑现申报材料平均减少 3 项", evidence: "免申即享政策清单、申报材料精简对照表")),
        ("隐性壁垒", Plan(category: .scheduled,
                      measures: ["开展妨碍统一市场和公平竞争的政策措施清理", "畅通隐性壁垒问题投诉渠道"],
                      progress: "已完成 2 批政策文件公平竞争审查", evidence: "清理工作报告、审查意见")),
        ("融资难", Plan(category: .longTerm, measures: ["组织银企对接会，推广普惠金融产品"], progress: "已召开银企对接会 2 场，促成融资 1.2 亿元",
                      evidence: "对接会纪要、签约清单")),
        ("窗口服务", Plan(category: .immediate, measures: ["开展窗口服务规范和业务培训，高峰期增设弹性窗口"], progress: "已完成全员培训并增设弹性窗口 2 个",
                       evidence: "培训通知、签到表、排班表")),
        ("一次办", Plan(category: .scheduled, measures: ["梳理“一次办”事项清单并公布办事指南"], progress: "已公布一次办事项 126 项",
                      evidence: "事项清单、办事指南")),
        ("一刀切", Plan(category: .immediate, measures: ["规范涉企执法，推行包容审慎监管和首违不罚清单"], progress: "首违不罚清单已印发",
                      evidence: "清单文件、执法培训记录")),
        ("拖欠企业账款", Plan(category: .scheduled, measures: ["开展拖欠企业账款专项清理，建立台账逐笔销号"], progress: "已清理拖欠账款 15 笔",
                          evidence: "清理台账、付款凭证")),
        ("整改落实和反馈", Plan(category: .longTerm, measures: ["建立监督员反映问题一事一办、件件回访机制"], progress: "已上线整改回访功能",
                            evidence: "工作机制文件、回访记录")),
    ]

    /// The plan for `problem`, or a plain one naming the problem.
    static func plan(for problem: String) -> Plan {
        plans.first { problem.contains($0.phrase) }?.plan
            ?? Plan(category: .scheduled, measures: ["针对“\(problem)”明确责任科室，逐项核实并整改"], progress: "已完成核实，正在整改",
                    evidence: "整改情况说明")
    }
}

import Foundation
import SurveyCore

/// A fixed, realistic dataset at the office's scale: 277 supervisors answering the annual
/// questionnaire, with problems concentrated in some areas. Used by the golden report tests and by
/// `survey sample-data` for demos. Deterministic: the same seed gives the same answers.
public struct SampleDataset: Sendable {
    public let supervisors: [Supervisor]
    public let submissions: [SubmissionRecord]

    /// How often each question gets a problem answer, cycled over the questions in order.
    static let problemRates: [Double] = [0.14, 0.03, 0.22, 0.02, 0.11, 0.04, 0.18, 0.01, 0.09, 0.03, 0.16, 0.02, 0.12]

    static let comments = [
        "审批材料还是偏多，希望进一步精简。", "窗口人员业务熟练，但高峰期排队时间较长。", "希望惠企政策能主动推送到企业。",
        "网上办事系统有时卡顿，材料需要重复上传。", "部门之间的数据还没有完全共享。", "建议增加帮办代办人员。",
        "执法检查次数偏多，影响正常生产。", "融资渠道少，担保要求高。", "反映的问题有的迟迟没有回音，希望及时反馈整改结果。",
        "政策文件太专业，希望有通俗解读。",
    ]

    /// What supervisors wrote about their cases, by detail question (demo data).
    static let detailTexts: [String: [String]] = [
        "fees_detail": [
            "某社区要求企业缴纳“共建赞助费”2000 元", "检查时对已整改的轻微问题仍予罚款", "行业协会要求企业入会并收取会费",
            "办理证照时被要求购买指定的材料",
        ],
        "credit_detail": ["区里 2021 年委托的装修工程款 38 万元至今未付", "街道采购的办公用品货款拖欠一年多", "区属国有公司拖欠工程尾款，多次催要无果"],
        "major_issue_detail": [
            "厂区周边道路施工半年未完工，已向区住房建设委反映", "用电增容申请三个月未答复", "企业用地手续问题向有关部门反映未解决",
            "园区排水管网堵塞，多次反映未处理",
        ],
    ]

    public init(survey: Survey, count: Int = 277, seed: UInt64 = 2022, start: Date = Date(timeIntervalSince1970: 1_667_260_800)) {
        supervisors = DemoRoster.make(count: count)
        var random = SplitMix64(seed: seed)
        var records: [SubmissionRecord] = []
        for (index, supervisor) in supervisors.enumerated() {
            let answers = Self.answers(to: survey, random: &random, category: supervisor.category.rawValue)
            let id = String(format: "00000000-0000-4000-8000-%012x", index + 1)
            let at = start.addingTimeInterval(Double(index) * 600)
            records.append(
                SubmissionRecord(
                    id: id, supervisorID: supervisor.id, survey: survey.id, version: 1,
                    answersJSON: CanonicalJSON.string(answers), receivedAt: at, storedAt: at))
        }
        submissions = records
    }

    /// One plausible answer sheet: required questions always answered, optional ones mostly, skip
    /// logic respected.
    public static func answers(to survey: Survey, random: inout SplitMix64, category: String? = nil) -> [String: AnswerValue] {
        var answers: [String: AnswerValue] = [:]
        // A case's detail is written after the draws (below), so adding one to a survey leaves
        // every other answer of the sample as it was.
        let details = Set(survey.questions.flatMap { $0.findings ?? [] }.compactMap(\.detail))
        let drawn = survey.questions.filter { !details.contains($0.id) }
        let routing = Set(drawn.compactMap { $0.showIf?.question })
        for (index, question) in drawn.enumerated() where survey.isShown(question, answers: answers) {
            if !question.required && random.chance(0.2) { continue }
            // Serious reports (a question led by a case rule) are rare; other problems follow the cycle.
            // A question whose case rule stands second (一刀切 beside 个别环节不规范) follows the cycle.
            let serious = question.findings?.first?.isCase == true
            let rate = serious ? 0.03 : problemRates[index % problemRates.count]
            let bad = random.chance(rate)
            let rule = question.findings?.first?.when
            let value: AnswerValue?
            switch question.type {
            case .yesno:
                if routing.contains(question.id) {
                    value = .bool(random.chance(0.6))
                } else if case .equals(let flag) = rule {
                    value = .bool(bad ? flag : !flag)
                } else {
                    value = .bool(random.chance(0.5))
                }
            case .single:
                let ids = (question.options ?? []).map(\.id)
                let flagged = Set(
                    (question.findings ?? []).flatMap { rule -> [String] in
                        if case .anyOf(let options) = rule.when { options } else { [] }
                    })
                let pool = bad ? ids.filter(flagged.contains) : ids.filter { !flagged.contains($0) }
                let choices = pool.isEmpty ? ids : pool
                value = choices.isEmpty ? nil : .text(choices[random.below(choices.count)])
            case .multiple:
                let ids = (question.options ?? []).map(\.id)
                let flagged = ids.filter { id in (question.findings ?? []).contains { $0.when.matches(.text(id)) } }
                let calm = ids.filter { !flagged.contains($0) }
                if bad && !flagged.isEmpty {
                    let first = random.below(flagged.count)
                    let second = (first + 1 + random.below(flagged.count)) % flagged.count
                    value = .choices(first == second ? [flagged[first]] : [flagged[first], flagged[second]])
                } else {
                    value = .choices(Array(calm.prefix(1)))
                }
            case .rating:
                let range = question.bounds ?? 1...5
                let low = Int(range.lowerBound)
                value = .number(Double(bad ? low + random.below(2) : low + 2 + random.below(Int(range.upperBound) - low - 1)))
            case .number:
                let low = Int(question.min ?? 0)
                if case .atLeast(let limit) = rule {
                    value = .number(bad ? limit + Double(random.below(5)) : Double(low + random.below(max(1, Int(limit) - low))))
                } else {
                    value = .number(Double(low + random.below(10)))
                }
            case .text:
                value = random.chance(0.35) ? .text(comments[random.below(comments.count)]) : nil
            }
            if let value { answers[question.id] = value }
        }
        for question in survey.questions where details.contains(question.id) && survey.isShown(question, answers: answers) {
            let pool = detailTexts[question.id] ?? []
            let hash = CanonicalJSON.string(answers).utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            if !pool.isEmpty && hash % 3 != 0 { answers[question.id] = .text(pool[Int(hash % UInt64(pool.count))]) }
        }
        // Questions not asked of this category are dropped after the draws, so that every other
        // answer is the same whatever the category (the sample stays the same sample).
        // Again until nothing changes: a question shown after one that was dropped is dropped too.
        var kept = answers
        while true {
            let shown = kept.filter { key, _ in survey.question(key).map { survey.isShown($0, answers: kept, category: category) } ?? false }
            if shown.count == kept.count { return shown }
            kept = shown
        }
    }
}

/// A small, fast, seedable generator (SplitMix64), so sample data is the same on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// A whole number in `0..<bound` (0 when bound ≤ 0).
    public mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}

extension SampleDataset {
    /// One step of the sample's staff work on a row: what was done, and when.
    public struct StaffStep: Sendable {
        public let before: RectificationRow
        public let after: RectificationRow
        public let changes: [FieldChange]
        public let at: Date
    }

    /// Days before `now` at which the sample's rows were raised: the survey had closed by then, and
    /// the staff work below follows over the weeks after.
    public static let raisedDaysAgo = 58.0

    /// The 回访 answer of the `index`-th supervisor asked (demo data): most satisfied, some 基本满意,
    /// one in five not answering.
    public static func followUpVerdict(_ index: Int) -> FollowUpVerdict? {
        switch index % 10 {
        case 4, 9: nil
        case 3: .basic
        case 7 where index % 20 == 7: .unsatisfied
        default: .satisfied
        }
    }

    /// The 回访 of a row raised by `asked` supervisors, sent at `sentAt`, once each has answered by
    /// `followUpVerdict`; only the first `answering` are counted when the 回访 is still open.
    static func followUpTally(asked: Int, sentAt: Date, answering: Int? = nil) -> FollowUpTally {
        var tally = FollowUpTally(asked: asked, sentAt: Timestamp.string(sentAt))
        for index in 0..<min(asked, answering ?? asked) {
            switch followUpVerdict(index) {
            case .satisfied?: tally.satisfied += 1
            case .basic?: tally.basic += 1
            case .unsatisfied?: tally.unsatisfied += 1
            case nil: break
            }
        }
        return tally
    }

    /// Staff work on the first rows, as it stands some weeks on: one row signed off after its 回访,
    /// one rectified with its 回访 under way, one 长期坚持 with a stage goal and progress reported
    /// twice, one assigned and already overdue, the rest waiting. Each row goes to its review item's
    /// lead unit; every step on its own day.
    public static func staffSteps(on rows: [RectificationRow], reviewItems: [ReviewItem], at now: Date) -> [StaffStep] {
        let day = 86_400.0
        let leads = Dictionary(reviewItems.map { ($0.id, $0.leadUnit) }, uniquingKeysWith: { first, _ in first })
        func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * day) }
        func assign(_ row: RectificationRow, due days: Double) -> [RectifyAction] {
            let plan = SampleWork.plan(for: row.key.problem)
            let deadline = Day.string(now.addingTimeInterval(days * day))
            return [
                .assign(
                    unit: row.unit ?? leads[row.key.item] ?? "区政务服务办", measure: plan.measures[0], deadline: deadline, category: plan.category,
                    owner: "分管副主任")
            ]
                + plan.measures.dropFirst().map { .addMeasure(text: $0, deadline: deadline) }
        }
        func progress(_ row: RectificationRow) -> [RectifyAction] { [.progress(note: SampleWork.plan(for: row.key.problem).progress)] }
        // Each measure marked done before the row is: `done` marks none of them by itself.
        func done(_ row: RectificationRow) -> [RectifyAction] {
            let plan = SampleWork.plan(for: row.key.problem)
            return plan.measures.indices.map { .measureDone(index: $0 + 1) } + [.done(evidence: plan.evidence)]
        }
        let plans: [(RectificationRow) -> [(days: Double, actions: [RectifyAction])]] = [
            {
                [
                    (56, assign($0, due: -26)), (40, progress($0)), (30, done($0)),
                    (22, [.signOff(by: "张主任", opinion: "经核查整改到位，回访满意，同意销号")]),
                ]
            },
            { [(55, assign($0, due: 20)), (30, progress($0)), (3, done($0))] },
            { [(54, assign($0, due: 45)), (40, progress($0)), (10, [.progress(note: "按月调度，阶段性目标按计划推进")])] },
            { [(20, assign($0, due: -5))] },
        ]
        var steps: [StaffStep] = []
        for (index, row) in rows.enumerated() where index < plans.count {
            var row = row
            for (days, actions) in plans[index](row) {
                let at = ago(days)
                for action in actions {
                    guard case .success(let next) = RectificationWorkflow.apply(action, reason: nil, to: row, at: at) else { continue }
                    var after = next.row
                    if case .done = action {
                        // The 回访 goes out when a row is marked rectified; the signed-off row's has closed.
                        after.followUp = followUpTally(asked: row.raisedBy, sentAt: at, answering: index == 0 ? nil : row.raisedBy / 3)
                    }
                    steps.append(StaffStep(before: row, after: after, changes: next.changes, at: at))
                    row = after
                }
            }
        }
        return steps
    }

    /// The rows once the sample's staff work is done (see `staffSteps`).
    public static func staffProgress(on rows: [RectificationRow], reviewItems: [ReviewItem], at now: Date) -> [RectificationRow] {
        var latest = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
        for step in staffSteps(on: rows, reviewItems: reviewItems, at: now) { latest[step.after.key] = step.after }
        return rows.map { latest[$0.key] ?? $0 }
    }
}

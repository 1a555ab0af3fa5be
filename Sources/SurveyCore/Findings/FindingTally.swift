import Foundation

/// Findings counted from answers: per problem, who raised it and who was asked; per review item,
/// who reported any problem. Kept incrementally, one submission at a time; adding is order-free, so
/// the incremental tally always equals a full recompute.
public struct FindingTally: Sendable, Equatable {
    /// Supervisors whose answers met a finding rule, per problem.
    public private(set) var raised: [FindingKey: Set<String>] = [:]
    /// Supervisors who were shown a question carrying the problem's rule.
    public private(set) var asked: [FindingKey: Set<String>] = [:]
    /// Free-text comments from submissions that raised the problem, by submission id.
    public private(set) var comments: [FindingKey: [String: String]] = [:]
    /// Per review item: who was shown its questions and who raised a problem under it.
    public private(set) var items = ItemTally()
    public var itemAsked: [String: Set<String>] { items.asked }
    public var itemRaised: [String: Set<String>] { items.raised }
    /// Submissions counted, so that a repeat is not counted twice.
    public private(set) var counted: Set<String> = []
    /// Every answer that met a case rule, by its own key.
    public private(set) var cases: [FindingKey: CaseLead] = [:]
    /// Per problem: the review items its rule speaks to (lead first), whether it is a case rule, and
    /// its own threshold, from the survey that defines it.
    public private(set) var rules: [FindingKey: RuleTerms] = [:]
    /// Indicator questions' answers, by survey and question id (`survey/question`).
    public private(set) var indicators: [String: IndicatorTally] = [:]

    public init() {}

    /// Counts one stored submission against the survey version it answered.
    public mutating func add(_ record: SubmissionRecord, survey: Survey, category: String? = nil) {
        if let answers = record.answers { add(record, answers: answers, survey: survey, category: category) }
    }

    /// Counts one stored submission whose answers the caller has already decoded.
    /// `category` is the supervisor's, for indicators per category.
    public mutating func add(_ record: SubmissionRecord, answers: [String: AnswerValue], survey: Survey, category: String? = nil) {
        guard counted.insert(record.id).inserted else { return }
        let person = record.supervisorID
        var raisedHere: [FindingKey] = []
        let shown = survey.visibility(answers: answers, category: category)
        // One pass: the per-item counts go along with the problems' own.
        for (index, question) in survey.questions.enumerated() where shown[index] {
            let answer = answers[question.id]
            // 不了解/不适用 is no answer: it counts neither as asked nor in any share.
            if question.isUnknown(answer) { continue }
            if question.asksAboutItems { self.items.note(person, askedAbout: question.items ?? []) }
            if question.indicator == true, case .number(let score)? = answer, let scale = question.bounds {
                indicators[record.survey + "/" + question.id, default: IndicatorTally(title: question.title)].add(score, scale: scale, category: category)
            }
            for rule in question.findings ?? [] {
                let items = rule.concerns(question.items ?? [])
                guard let lead = items.first else { continue }
                let key = FindingKey(item: lead, problem: rule.problem, round: survey.round)
                let terms = RuleTerms(
                    items: items, isCase: rule.isCase == true, minCount: rule.minCount, minShare: rule.minShare, unit: rule.unit,
                    categories: question.categories)
                if rules[key] != terms { rules[key] = terms }
                asked[key, default: []].insert(person)
                guard rule.when.matches(answer) else { continue }
                self.items.note(person, raisedUnder: items)
                raised[key, default: []].insert(person)
                raisedHere.append(key)
                if rule.isCase == true {
                    let caseKey = FindingKey(item: lead, problem: rule.problem, caseID: record.id)
                    let written: String? = rule.detail.flatMap { if case .text(let text)? = answers[$0] { text } else { nil } }
                    // What the supervisor chose (which of 乱收费/乱罚款, 未解决 or 没有收到答复), then what they wrote.
                    let chosen = question.type == .yesno ? [] : question.chosenLabels(answer)
                    let parts =
                        (chosen.isEmpty ? [] : ["所选：" + chosen.joined(separator: "、")])
                        + [written?.trimmingCharacters(in: .whitespacesAndNewlines)].compactMap { $0?.isEmpty == false ? $0 : nil }
                    let detail: String? = parts.isEmpty ? nil : parts.joined(separator: "；")
                    cases[caseKey] = CaseLead(
                        key: caseKey, items: items, survey: record.survey, supervisorID: person,
                        raisedOn: Day.string(record.storedAt ?? record.receivedAt),
                        workingDays: rule.workingDays ?? FindingRule.defaultWorkingDays,
                        detail: detail, unit: rule.unit)
                }
            }
        }
        // Comments in text questions go with the problems raised under the same items.
        for question in survey.questions where question.type == .text {
            guard case .text(let text)? = answers[question.id] else { continue }
            let comment = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !comment.isEmpty else { continue }
            let items = Set(question.items ?? [])
            for key in raisedHere where items.contains(key.item) {
                comments[key, default: [:]]["\(record.id):\(question.id)"] = comment
            }
        }
    }

    /// The tally of `records` from scratch. `survey` finds the version each record answered.
    public static func recompute(
        _ records: [SubmissionRecord], survey: (String, Int) -> Survey?, category: (String) -> String? = { _ in nil }
    ) -> FindingTally {
        var tally = FindingTally()
        for record in records {
            if let definition = survey(record.survey, record.version) {
                tally.add(record, survey: definition, category: category(record.supervisorID))
            }
        }
        return tally
    }

    /// Every problem with its counts, most raised first.
    public var summaries: [FindingSummary] { summaries(approvedComments: nil) }

    /// Every problem with its counts, most raised first, and its 典型意见 among the comments whose
    /// moderation ids (`SUBMISSION:QUESTION`) are in `approvedComments` (all, when nil).
    public func summaries(approvedComments: Set<String>?) -> [FindingSummary] {
        asked.keys.map { summary(of: $0, approvedComments: approvedComments) }.sorted { ($0.raisedBy, $1.key) > ($1.raisedBy, $0.key) }
    }

    /// One problem's counts, with up to three typical comments quoted (only approved ones, when
    /// `approvedComments` is given).
    public func summary(of key: FindingKey, approvedComments: Set<String>?) -> FindingSummary {
        let candidates = (comments[key] ?? [:]).filter { approvedComments?.contains($0.key) ?? true }
        let picked = TypicalComments.pick(candidates, problem: key.problem)
        return FindingSummary(key: key, raisedBy: raised[key]?.count ?? 0, asked: asked[key]?.count ?? 0, comments: picked)
    }

    /// One problem's counts without comments: enough to tell whether it passes a threshold.
    public func counts(of key: FindingKey) -> FindingSummary {
        FindingSummary(key: key, raisedBy: raised[key]?.count ?? 0, asked: asked[key]?.count ?? 0, comments: [])
    }

    /// The share of supervisors asked about a review item who reported a problem under it.
    public func itemShare(_ item: String) -> Double { items.share(item) }
}

/// What a problem's rule says beyond its condition.
public struct RuleTerms: Sendable, Equatable {
    /// The review items, lead first.
    public var items: [String]
    public var isCase: Bool
    public var minCount: Int?
    public var minShare: Double?
    /// The rule's own lead unit.
    public var unit: String?
    /// The supervisor categories its question is asked of; nil: everyone.
    public var categories: [String]?
}

/// One problem's counts.
public struct FindingSummary: Codable, Sendable, Equatable {
    public var key: FindingKey
    /// How many supervisors raised it.
    public var raisedBy: Int
    /// How many were asked.
    public var asked: Int
    /// Up to three typical comments, without names.
    public var comments: [String]

    public var share: Double { asked == 0 ? 0 : Double(raisedBy) / Double(asked) }

    public init(key: FindingKey, raisedBy: Int, asked: Int, comments: [String]) {
        self.key = key
        self.raisedBy = raisedBy
        self.asked = asked
        self.comments = comments
    }
}

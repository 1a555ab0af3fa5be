/// Per review item: the supervisors shown any of its questions, and those whose answers raised any
/// problem under it. Part of every `FindingTally`, and kept alone per survey for the projector's
/// strip, where the problems themselves are not needed.
public struct ItemTally: Sendable, Equatable {
    /// Supervisors shown a question of the item that can raise a problem (a 不了解/不适用 answer does
    /// not count, nor an indicator, a free-text or a routing question: they ask nothing about the item).
    public private(set) var asked: [String: Set<String>] = [:]
    /// Supervisors whose answers met a finding rule concerning the item.
    public private(set) var raised: [String: Set<String>] = [:]

    public init() {}

    /// Counts one supervisor's answers to `survey`; the caller counts each submission once.
    public mutating func add(person: String, answers: [String: AnswerValue], survey: Survey, category: String?) {
        add(person: person, answers: answers, survey: survey, shown: survey.visibility(answers: answers, category: category))
    }

    /// Counts one supervisor's answers, with `shown` from `Survey.visibility` already worked out.
    mutating func add(person: String, answers: [String: AnswerValue], survey: Survey, shown: [Bool]) {
        for (index, question) in survey.questions.enumerated() where shown[index] {
            let answer = answers[question.id]
            if question.isUnknown(answer) { continue }
            let items = question.items ?? []
            if question.asksAboutItems { note(person, askedAbout: items) }
            for rule in question.findings ?? [] where rule.when.matches(answer) {
                note(person, raisedUnder: rule.concerns(items))
            }
        }
    }

    /// `person` was shown a question of these items. `FindingTally` counts its own pass with these two.
    mutating func note(_ person: String, askedAbout items: [String]) {
        for item in items { asked[item, default: []].insert(person) }
    }

    /// `person`'s answer met a rule concerning these items.
    mutating func note(_ person: String, raisedUnder items: [String]) {
        for item in items { raised[item, default: []].insert(person) }
    }

    /// The share of those asked about `item` who raised a problem under it.
    public func share(_ item: String) -> Double {
        let asked = asked[item]?.count ?? 0
        return asked == 0 ? 0 : Double(raised[item]?.count ?? 0) / Double(asked)
    }
}

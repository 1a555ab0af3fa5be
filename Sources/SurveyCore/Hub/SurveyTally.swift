import Foundation

/// Live aggregates of one survey's answers, for the projector: who has answered, per category, and
/// per question the distribution of answers. Only aggregates; never who answered what.
public struct SurveyTally: Sendable, Equatable {
    /// Respondents by category.
    public private(set) var respondents: [SupervisorCategory: Int] = [:]
    private var questions: [String: QuestionAccumulator] = [:]
    private(set) var counted: Set<String> = []

    public init() {}

    /// Adds one stored submission of this survey.
    public mutating func add(_ record: SubmissionRecord, answers: [String: AnswerValue], survey: Survey, category: SupervisorCategory) {
        guard counted.insert(record.id).inserted else { return }
        respondents[category, default: 0] += 1
        for question in survey.questions {
            if let answer = answers[question.id] { questions[question.id, default: QuestionAccumulator()].add(answer, as: question.type) }
        }
    }

    /// The statistics of every question of `survey`, in order.
    public func statistics(for survey: Survey) -> [QuestionStatistics] {
        survey.questions.map { question in
            let accumulator = questions[question.id] ?? QuestionAccumulator()
            return QuestionStatistics(
                id: question.id, title: question.title, type: question.type, answered: accumulator.answered,
                counts: accumulator.counts, mean: accumulator.numbers == 0 ? nil : accumulator.sum / Double(accumulator.numbers))
        }
    }
}

/// Running counts for one question.
private struct QuestionAccumulator: Sendable, Equatable {
    var answered = 0
    var counts: [String: Int] = [:]
    var numbers = 0
    var sum = 0.0

    /// Counts an answer. Free text is only counted, never kept: the projector shows approved comments apart.
    mutating func add(_ answer: AnswerValue, as type: QuestionType) {
        answered += 1
        switch answer {
        case .text(let choice): if type == .single || choice == Question.unknownAnswer { counts[choice, default: 0] += 1 }
        case .choices(let choices): for choice in choices { counts[choice, default: 0] += 1 }
        case .bool(let value): counts[value ? "true" : "false", default: 0] += 1
        case .number(let value):
            numbers += 1
            sum += value
            if value.rounded() == value && abs(value) < 1_000 { counts[String(Int(value)), default: 0] += 1 }
        }
    }
}

/// One question's aggregate, as the projector shows it.
public struct QuestionStatistics: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var type: QuestionType
    public var answered: Int
    /// Per option id (choices), `true`/`false` (yes/no), or whole value (ratings and numbers).
    public var counts: [String: Int]
    /// The mean of a rating or number.
    public var mean: Double?
}

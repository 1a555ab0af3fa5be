/// How long a questionnaire takes: reading its text at an unhurried pace (older supervisors on a
/// phone: 4 characters a second) plus answering each question by its kind.
public struct ReadingTime: Sendable, Equatable {
    /// Questions and seconds on the shortest path (no follow-up shown) and with every question shown.
    public var shortest: (questions: Int, seconds: Int)
    public var longest: (questions: Int, seconds: Int)

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.shortest == rhs.shortest && lhs.longest == rhs.longest
    }

    public init(_ survey: Survey) {
        func seconds(_ question: Question) -> Int {
            let text = question.title.count + (question.help?.count ?? 0) + (question.options ?? []).map(\.label.count).reduce(0, +)
                + (question.labels ?? []).map(\.count).reduce(0, +)
            let answering = switch question.type {
            case .single: 5
            case .multiple: 8
            case .rating: 4
            case .yesno: 3
            case .number: 8
            case .text: question.required ? 30 : 8
            }
            return text / 4 + answering
        }
        let always = survey.questions.filter { $0.showIf == nil }
        shortest = (always.count, always.map(seconds).reduce(0, +) + (survey.description?.count ?? 0) / 4)
        longest = (survey.questions.count, survey.questions.map(seconds).reduce(0, +) + (survey.description?.count ?? 0) / 4)
    }

    /// In the office's words: `约 6–9 分钟（最短 20 题，最多 31 题）`.
    public var summary: String {
        func minutes(_ seconds: Int) -> Int { max(1, (seconds + 30) / 60) }
        let low = minutes(shortest.seconds), high = minutes(longest.seconds)
        return "预计作答约 \(low == high ? "\(low)" : "\(low)–\(high)") 分钟（最短 \(shortest.questions) 题，最多 \(longest.questions) 题）"
    }
}

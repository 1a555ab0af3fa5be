import SurveyCore

/// How long a questionnaire takes: reading its text at an unhurried pace (older supervisors on a
/// phone: 4 characters a second) plus answering each question by its kind.
public struct ReadingTime: Sendable, Equatable {
    /// Questions and seconds on the shortest and the middle of many plausible paths (the sample
    /// generator's answer sheets, from every kind of supervisor in turn), and with every question shown.
    public var shortest: (questions: Int, seconds: Int)
    public var typical: (questions: Int, seconds: Int)
    public var longest: (questions: Int, seconds: Int)

    /// How many answer sheets the paths are taken from.
    static let sheets = 99

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.shortest == rhs.shortest && lhs.typical == rhs.typical && lhs.longest == rhs.longest
    }

    public init(_ survey: Survey) {
        func seconds(_ question: Question) -> Int {
            let text =
                question.title.count + (question.help?.count ?? 0) + (question.options ?? []).map(\.label.count).reduce(0, +)
                + (question.labels ?? []).map(\.count).reduce(0, +)
            let answering =
                switch question.type {
                case .single: 5
                case .multiple: 8
                case .rating: 4
                case .yesno: 3
                case .number: 8
                case .text: question.required ? 30 : 8
                }
            return text / 4 + answering
        }
        let introduction = (survey.description?.count ?? 0) / 4
        let each = survey.questions.map(seconds)
        // Paths that real answers take: which questions skip logic and categories show.
        var random = SplitMix64(seed: 2022)
        let kinds: [String?] = SupervisorCategory.standard.map(\.rawValue) + [nil]
        let paths = (0..<Self.sheets).map { sheet -> (questions: Int, seconds: Int) in
            let category = kinds[sheet % kinds.count]
            let shown = survey.visibility(answers: SampleDataset.answers(to: survey, random: &random, category: category), category: category)
            let path = survey.questions.indices.filter { shown[$0] }
            return (path.count, path.map { each[$0] }.reduce(0, +) + introduction)
        }.sorted { ($0.seconds, $0.questions) < ($1.seconds, $1.questions) }
        shortest = paths[0]
        typical = paths[paths.count / 2]
        longest = (survey.questions.count, each.reduce(0, +) + introduction)
    }

    /// In the office's words: `预计作答约 7 分钟（一般 26 题；最短 22 题、最多 33 题，约 6–8 分钟）`.
    public var summary: String {
        func minutes(_ seconds: Int) -> Int { max(1, (seconds + 30) / 60) }
        let low = minutes(shortest.seconds)
        let high = minutes(longest.seconds)
        return "预计作答约 \(minutes(typical.seconds)) 分钟（一般 \(typical.questions) 题；最短 \(shortest.questions) 题、最多 \(longest.questions) 题，"
            + "约 \(low == high ? "\(low)" : "\(low)–\(high)") 分钟）"
    }
}

/// A questionnaire as staff write it in `Surveys/*.yaml` and as clients receive it.
public struct Survey: Codable, Sendable, Equatable {
    /// Stable identifier, e.g. `annual-2022`. Relaunching the same id makes a new version.
    public var id: String
    public var title: String
    public var description: String?
    public var questions: [Question]
    /// Show free-text comments on the projector without moderation.
    public var autoApproveComments: Bool?

    /// The text questions whose answers stay with office staff: those marked `private`, and the
    /// details of a case (一事一办: who was charged what, by whom), which name people and places.
    public var privateQuestionIDs: Set<String> {
        let marked: [String] = questions.filter { $0.isPrivate == true }.map(\.id)
        let rules: [FindingRule] = questions.flatMap { $0.findings ?? [] }
        let details: [String] = rules.filter { $0.isCase == true }.compactMap(\.detail)
        return Set(marked + details)
    }
    /// 自查批次, e.g. `2023 年度`: problems of each round are rows of their own; one raised again in a
    /// later round links back to the earlier row (回头看). Nil: the rows of surveys without a round.
    public var round: String?

    public init(id: String, title: String, description: String? = nil, questions: [Question], autoApproveComments: Bool? = nil) {
        self.id = id
        self.title = title
        self.description = description
        self.questions = questions
        self.autoApproveComments = autoApproveComments
    }

    /// Whether `question` is shown, given the answers so far and the supervisor's category. A
    /// question whose controlling question is hidden is hidden too. With no category known, questions
    /// asked only of some categories are shown.
    public func isShown(_ question: Question, answers: [String: AnswerValue], category: String? = nil) -> Bool {
        var current = question
        var steps = 0
        while steps <= questions.count {
            if let categories = current.categories, let category, !categories.contains(category) { return false }
            guard let rule = current.showIf else { break }
            guard rule.when.matches(answers[rule.question]), let parent = self.question(rule.question) else { return false }
            current = parent
            steps += 1
        }
        return steps <= questions.count
    }

    /// Whether each question is shown, in order: `isShown` for all of them in one pass. A skip rule
    /// names an earlier question (the loader refuses anything else), so its answer is known by then.
    public func visibility(answers: [String: AnswerValue], category: String? = nil) -> [Bool] {
        var shown: [Bool] = []
        shown.reserveCapacity(questions.count)
        for index in questions.indices {
            var visible = true
            if let categories = questions[index].categories, let category, !categories.contains(category) { visible = false }
            if visible, let rule = questions[index].showIf {
                // The controlling question, searched backwards: it is nearly always just above.
                var parent = index - 1
                while parent >= 0 && questions[parent].id != rule.question { parent -= 1 }
                if parent >= 0 {
                    visible = shown[parent] && rule.when.matches(answers[rule.question])
                } else {
                    // Not an earlier question (only a survey built in code can say so): the slow way.
                    visible = isShown(questions[index], answers: answers, category: category)
                }
            }
            shown.append(visible)
        }
        return shown
    }

    /// One part of the page: a title and the questions from one `section` key to the next.
    public struct Section: Sendable, Equatable {
        public var title: String?
        public var questions: [Question]
    }

    /// The sections in order; a survey without `section` keys is one untitled section.
    public var sections: [Section] {
        questions.reduce(into: []) { parts, question in
            if question.section != nil || parts.isEmpty {
                parts.append(Section(title: question.section, questions: [question]))
            } else {
                parts[parts.count - 1].questions.append(question)
            }
        }
    }

    /// The question with the given id, if any.
    public func question(_ id: String) -> Question? {
        // By index: only the ids are read while searching, not a copy of every question passed.
        for index in questions.indices where questions[index].id == id { return questions[index] }
        return nil
    }
}

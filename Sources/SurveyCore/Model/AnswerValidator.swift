import Foundation

/// Checks a set of answers against a survey definition.
public enum AnswerValidator {
    /// Returns the first problem found, or nil when the answers fit the survey. `unreadable` names
    /// questions whose value was of no answer type at all (`null`, an object); `category` is the
    /// supervisor's, for questions asked only of some categories.
    public static func problem(
        in answers: [String: AnswerValue], unreadable: [String] = [], for survey: Survey, category: String? = nil
    ) -> ProtocolError? {
        let ids = Set(survey.questions.map(\.id))
        if answers.keys.contains(where: { !ids.contains($0) }) || unreadable.contains(where: { !ids.contains($0) }) {
            for key in (answers.keys + unreadable).sorted() where !ids.contains(key) {
                return ProtocolError(.unknownQuestion, "问卷中没有题目“\(key.prefix(64))”", question: String(key.prefix(64)))
            }
        }
        if !unreadable.isEmpty, let question = survey.questions.first(where: { unreadable.contains($0.id) }) {
            return ProtocolError(
                .invalidAnswer, "题目“\(question.title)”的答案无效：类型应为\(expectedKind(question.type))", question: question.id)
        }
        let shown = survey.visibility(answers: answers, category: category)
        for (index, question) in survey.questions.enumerated() {
            guard shown[index] else {
                if answers[question.id] != nil {
                    return ProtocolError(.invalidAnswer, "按跳题规则，题目“\(question.title)”不应作答", question: question.id)
                }
                continue
            }
            guard let answer = answers[question.id] else {
                if question.required {
                    return ProtocolError(.missingAnswer, "必答题“\(question.title)”尚未作答", question: question.id)
                }
                continue
            }
            if question.isUnknown(answer) { continue }
            if let reason = mismatch(answer, question) {
                return ProtocolError(.invalidAnswer, "题目“\(question.title)”的答案无效：\(reason)", question: question.id)
            }
        }
        return nil
    }

    /// Why `answer` does not fit `question`, in Chinese, or nil when it fits.
    static func mismatch(_ answer: AnswerValue, _ question: Question) -> String? {
        let optionIDs = Set((question.options ?? []).map(\.id))
        switch (question.type, answer) {
        case (.single, .text(let choice)):
            return optionIDs.contains(choice) ? nil : "没有选项“\(choice)”"
        case (.multiple, .choices(let choices)):
            if Set(choices).count != choices.count { return "选项重复" }
            if let unknown = choices.first(where: { !optionIDs.contains($0) }) { return "没有选项“\(unknown)”" }
            if question.required && choices.isEmpty { return "至少选择一项" }
            if choices.count > 1, let alone = question.options?.first(where: { $0.exclusive == true && choices.contains($0.id) }) {
                return "“\(alone.label)”不能与其他选项同时选择"
            }
            return nil
        case (.rating, .number(let score)):
            guard let scale = question.bounds, score.rounded() == score, scale.contains(score) else {
                return "评分须为 \(Int(question.bounds?.lowerBound ?? 1)) 到 \(Int(question.bounds?.upperBound ?? 5)) 的整数"
            }
            return nil
        case (.yesno, .bool):
            return nil
        case (.number, .number(let value)):
            guard value.isFinite else { return "不是有效数字" }
            if let range = question.bounds, !range.contains(value) { return "超出允许范围" }
            if question.integer == true && value.rounded() != value { return "须为整数" }
            return nil
        case (.text, .text(let text)):
            if question.required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "内容不能为空" }
            return text.count > question.textLimit ? "超过 \(question.textLimit) 字" : nil
        default:
            return "类型应为\(expectedKind(question.type))"
        }
    }

    static func expectedKind(_ type: QuestionType) -> String {
        switch type {
        case .single: "选项编号（字符串）"
        case .multiple: "选项编号列表"
        case .rating: "整数评分"
        case .yesno: "是/否（布尔值）"
        case .number: "数字"
        case .text: "文字"
        }
    }
}

import SurveyCore
import Testing

@Suite struct AnswerValidatorTests {
    func code(_ answers: [String: AnswerValue]) -> ErrorCode? {
        AnswerValidator.problem(in: answers, for: sampleSurvey)?.code
    }

    @Test func validAnswersPass() {
        #expect(code(validAnswers) == nil)
        var full = validAnswers
        full["many"] = .choices(["x", "y"])
        full["ok"] = .bool(false)
        full["count"] = .number(42.5)
        full["note"] = .text("很好")
        #expect(code(full) == nil)
    }

    @Test(arguments: [
        ("choice", AnswerValue.text("z")),
        ("choice", AnswerValue.number(1)),
        ("many", AnswerValue.choices(["x", "x"])),
        ("many", AnswerValue.choices(["q"])),
        ("score", AnswerValue.number(0)),
        ("score", AnswerValue.number(3.5)),
        ("ok", AnswerValue.text("是")),
        ("count", AnswerValue.number(101)),
        ("note", AnswerValue.text("一二三四五六七八九十十一")),
    ])
    func wrongValuesAreInvalid(question: String, value: AnswerValue) {
        var answers = validAnswers
        answers[question] = value
        let problem = AnswerValidator.problem(in: answers, for: sampleSurvey)
        #expect(problem?.code == .invalidAnswer)
        #expect(problem?.question == question)
    }

    @Test func missingRequiredAndUnknownQuestionsAreNamed() {
        #expect(code(["choice": .text("a")]) == .missingAnswer)
        var extra = validAnswers
        extra["ghost"] = .bool(true)
        #expect(AnswerValidator.problem(in: extra, for: sampleSurvey)?.question == "ghost")
    }
}

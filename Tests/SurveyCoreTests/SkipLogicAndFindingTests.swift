import SurveyCore
import Testing

@Suite struct SkipLogicAndFindingTests {
    let survey = Survey(id: "s", title: "T", questions: [
        Question(id: "visited", type: .yesno, title: "去过吗", required: true),
        Question(id: "wait", type: .rating, title: "等候", required: true,
                 showIf: ShowRule(question: "visited", when: .equals(true))),
        Question(id: "why", type: .text, title: "为什么慢", required: true,
                 showIf: ShowRule(question: "wait", when: .atMost(2))),
    ])

    @Test func hiddenRequiredQuestionsNeedNoAnswer() {
        #expect(AnswerValidator.problem(in: ["visited": .bool(false)], for: survey) == nil)
        #expect(AnswerValidator.problem(in: ["visited": .bool(true)], for: survey)?.question == "wait")
        #expect(AnswerValidator.problem(in: ["visited": .bool(true), "wait": .number(4)], for: survey) == nil)
        #expect(AnswerValidator.problem(in: ["visited": .bool(true), "wait": .number(1)], for: survey)?.question == "why")
    }

    @Test func aHiddenChainStaysHidden() throws {
        let why = try #require(survey.question("why"))
        // `wait` is hidden, so its stale answer cannot show `why`.
        #expect(!survey.isShown(why, answers: ["visited": .bool(false), "wait": .number(1)]))
    }

    @Test func answersToHiddenQuestionsAreRefused() {
        let problem = AnswerValidator.problem(in: ["visited": .bool(false), "wait": .number(3)], for: survey)
        #expect(problem?.code == .invalidAnswer)
        #expect(problem?.question == "wait")
    }

    @Test func conditionsMatchTheirAnswerTypes() {
        #expect(AnswerCondition.equals(false).matches(.bool(false)))
        #expect(!AnswerCondition.equals(false).matches(nil))
        #expect(AnswerCondition.anyOf(["a"]).matches(.text("a")))
        #expect(AnswerCondition.anyOf(["a"]).matches(.choices(["b", "a"])))
        #expect(!AnswerCondition.anyOf(["a"]).matches(.choices([])))
        #expect(AnswerCondition.atMost(2).matches(.number(2)))
        #expect(!AnswerCondition.atLeast(3).matches(.number(2)))
        #expect(!AnswerCondition.atLeast(3).matches(.text("5")))
    }
}

import Foundation
import SurveyCore
import Testing

/// The skip-logic and answer-check cases in Tests/Vectors/survey-logic.json, which the Chromium tests
/// run against Web/survey-logic.js too: the server's rules and the page's cannot drift apart.
@Suite struct SurveyLogicVectorTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            struct Problem: Decodable, Equatable {
                let question: String
                let code: String
            }
            let name: String
            let category: String
            let answers: [String: AnswerValue]
            let shown: [String]
            let problem: Problem?
        }
        let survey: Survey
        let cases: [Case]
    }

    static func load() throws -> Vectors {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/survey-logic.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: file))
    }

    @Test func theServersRulesGiveEveryCasesAnswer() throws {
        let vectors = try Self.load()
        #expect(vectors.cases.count >= 15)
        for vector in vectors.cases {
            let shown = vectors.survey.questions.filter { vectors.survey.isShown($0, answers: vector.answers, category: vector.category) }.map(\.id)
            #expect(shown == vector.shown, "\(vector.name)")
            // As the page does, answers to hidden questions are not sent.
            let sent = vector.answers.filter { shown.contains($0.key) }
            let problem = AnswerValidator.problem(in: sent, for: vectors.survey, category: vector.category)
            #expect(problem.map { Vectors.Case.Problem(question: $0.question ?? "", code: $0.code.rawValue) } == vector.problem, "\(vector.name)")
        }
    }
}

import Foundation
import SurveyCore
import SurveyFiles

/// One fuzz input through every decoder that takes untrusted bytes: the protocol decoder and the
/// hub's validation (as a supervisor's message), the survey file loader, and the roster CSV reader.
/// It must never trap, whatever the bytes.
public enum FuzzTarget {
    static let survey = Survey(
        id: "fuzz", title: "模糊测试",
        questions: [
            Question(id: "q1", type: .yesno, title: "是否", required: true),
            Question(
                id: "q2", type: .single, title: "单选", options: [ChoiceOption(id: "a", label: "甲")],
                showIf: ShowRule(question: "q1", when: .equals(true))),
            Question(id: "q3", type: .multiple, title: "多选", options: [ChoiceOption(id: "x", label: "X"), ChoiceOption(id: "y", label: "Y")]),
            Question(id: "q4", type: .rating, title: "评分", findings: [FindingRule(when: .atMost(2), problem: "低")]),
            Question(id: "q5", type: .number, title: "数字", min: 0, max: 10),
            Question(id: "q6", type: .text, title: "意见", maxLength: 20),
        ])

    /// Runs one input. Returns normally for every input; a crash is a bug.
    public static func run(_ bytes: [UInt8]) {
        _ = ClientMessage.decode(bytes)
        var hub = Hub(
            roster: [(Supervisor(id: "S1", name: "甲", category: .community), TokenHasher.hash("t"))],
            published: [(PublishedSurvey(survey: survey, version: 1, launchedAt: Date(timeIntervalSince1970: 0)), false)])
        hub.connected(1)
        _ = hub.received(Array(#"{"v":1,"type":"hello","token":"t"}"#.utf8), from: 1, at: Date(timeIntervalSince1970: 1))
        for action in hub.received(bytes, from: 1, at: Date(timeIntervalSince1970: 2)) {
            if case .store(var record) = action {
                record.storedAt = record.receivedAt
                _ = hub.committed([record])
            }
        }
        _ = try? SurveyLoader.load(yaml: bytes, file: "fuzz.yaml")
        _ = try? ReviewItemsLoader.load(yaml: bytes, file: "fuzz.yaml")
        _ = RosterCSV.parse(bytes)
    }
}

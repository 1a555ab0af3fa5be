import Foundation
import SurveyCore

/// A small survey with one question of every type.
let sampleSurvey = Survey(
    id: "sample", title: "样例问卷",
    questions: [
        Question(
            id: "choice", type: .single, title: "单选", required: true,
            options: [ChoiceOption(id: "a", label: "甲"), ChoiceOption(id: "b", label: "乙")]),
        Question(
            id: "many", type: .multiple, title: "多选",
            options: [ChoiceOption(id: "x", label: "X"), ChoiceOption(id: "y", label: "Y")]),
        Question(id: "score", type: .rating, title: "评分", required: true),
        Question(id: "ok", type: .yesno, title: "是否"),
        Question(id: "count", type: .number, title: "数字", min: 0, max: 100),
        Question(id: "note", type: .text, title: "意见", maxLength: 10),
    ])

let validAnswers: [String: AnswerValue] = ["choice": .text("a"), "score": .number(4)]

let alice = Supervisor(id: "S001", name: "王建国", category: .privateEnterprise)
let bob = Supervisor(id: "S002", name: "李磊", category: .community)
let aliceToken = "alice-token"
let bobToken = "bob-token"

/// A hub with two supervisors and `sampleSurvey` launched as version 1.
func makeHub(closed: Bool = false, submissions: [SubmissionRecord] = []) -> Hub {
    Hub(
        roster: [(alice, TokenHasher.hash(aliceToken)), (bob, TokenHasher.hash(bobToken))],
        published: [(PublishedSurvey(survey: sampleSurvey, version: 1, launchedAt: Date(timeIntervalSince1970: 0)), closed)],
        submissions: submissions)
}

/// `makeHub()` with `alice` authenticated on connection 1.
func authenticatedHub(at now: Date) -> Hub {
    var hub = makeHub()
    hub.connected(1)
    _ = hub.received(json(["v": 1, "type": "hello", "token": aliceToken]), from: 1, at: now)
    return hub
}

func json(_ object: [String: Any]) -> [UInt8] {
    Array(try! JSONSerialization.data(withJSONObject: object))
}

func submitBytes(id: String, answers: [String: Any] = ["choice": "a", "score": 4], version: Int = 1) -> [UInt8] {
    json(["v": 1, "type": "submit", "id": id, "survey": "sample", "version": version, "answers": answers])
}

/// Decodes the JSON frames the hub asked to send to `connection`.
func sent(_ actions: [HubAction], to connection: ConnectionID) -> [[String: Any]] {
    actions.compactMap { action in
        guard case .send(let target, let bytes) = action, target == connection else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    }
}

func stores(_ actions: [HubAction]) -> [SubmissionRecord] {
    actions.compactMap { if case .store(let record) = $0 { record } else { nil } }
}

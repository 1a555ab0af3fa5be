import Foundation
import SurveyCore
import Testing

/// The hub's side of the 台账 loop: 回访 notices and units' connections.
@Suite struct HubRegisterTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let notice = FollowUpNotice(row: 7, problem: "乱收费", result: "已退费", unit: "区市场监管局", sentAt: "2027-01-15T08:00:00.000Z")

    func hello(_ hub: inout Hub, _ connection: ConnectionID, token: String) -> [HubAction] {
        hub.connected(connection)
        return hub.received(json(["v": 1, "type": "hello", "token": token]), from: connection, at: now)
    }

    @Test func aFollowUpReachesOnlyTheRaisersOpenPagesAndTheirNextWelcome() throws {
        var hub = makeHub()
        _ = hello(&hub, 1, token: aliceToken)
        _ = hello(&hub, 2, token: bobToken)
        let actions = hub.followUpStarted(notice, supervisors: ["S001"])
        #expect(sent(actions, to: 1).first?["type"] as? String == "followup")
        #expect(sent(actions, to: 2).isEmpty)
        let welcome = try #require(sent(hello(&hub, 3, token: aliceToken), to: 3).first)
        #expect((welcome["followups"] as? [[String: Any]])?.first?["row"] as? Int == 7)
    }

    @Test func onlyARaiserMayAnswerAndOnlyOnce() {
        var hub = makeHub()
        _ = hello(&hub, 1, token: aliceToken)
        _ = hello(&hub, 2, token: bobToken)
        _ = hub.followUpStarted(notice, supervisors: ["S001"])
        let answer = json(["v": 1, "type": "followup_answer", "row": 7, "verdict": "basic"])
        #expect(sent(hub.received(answer, from: 2, at: now), to: 2).first?["code"] as? String == "not_raiser")
        let actions = hub.received(answer, from: 1, at: now)
        #expect(actions == [.storeFollowUp(1, supervisorID: "S001", row: 7, verdict: .basic, comment: nil)])
        #expect(sent(hub.followUpStored(row: 7, supervisorID: "S001", connection: 1), to: 1).first?["type"] as? String == "followup_ack")
        #expect(sent(hub.received(answer, from: 1, at: now), to: 1).first?["code"] as? String == "not_raiser")
        let bad = json(["v": 1, "type": "followup_answer", "row": 7, "verdict": "ok"])
        #expect(sent(hub.received(bad, from: 1, at: now), to: 1).first?["ref"] as? String == "followup_answer")
    }

    @Test func aUnitsPageIsCheckedByTheTransportThenSpeaksOnlyUnitMessages() {
        var hub = makeHub()
        hub.connected(5)
        let hello = hub.received(json(["v": 1, "type": "unit_hello", "token": "unit-token"]), from: 5, at: now)
        #expect(hello == [.authenticateUnit(5, token: "unit-token")])
        #expect(!hub.isAuthenticated(5))
        hub.unitAuthenticated(5, unit: "区财政局")
        #expect(hub.isAuthenticated(5) && hub.unitConnections(of: ["区财政局"]).map(\.connection) == [5])
        let progress = hub.received(json(["v": 1, "type": "unit_progress", "row": 3, "note": "  已完成  "]), from: 5, at: now)
        #expect(progress == [.unitRequest(5, unit: "区财政局", .progress(row: 3, note: "已完成"))])
        let submit = hub.received(submitBytes(id: UUID().uuidString), from: 5, at: now)
        #expect(sent(submit, to: 5).first?["code"] as? String == "bad_message")
        let empty = hub.received(json(["v": 1, "type": "unit_progress", "row": 3, "note": " "]), from: 5, at: now)
        #expect(sent(empty, to: 5).first?["message"] as? String == "请填写进展情况")
        hub.disconnected(5)
        #expect(hub.unitConnections(of: ["区财政局"]).isEmpty)
    }

    @Test func aSupervisorCannotActAsAUnit() {
        var hub = makeHub()
        _ = hello(&hub, 1, token: aliceToken)
        let actions = hub.received(json(["v": 1, "type": "unit_progress", "row": 3, "note": "x"]), from: 1, at: now)
        #expect(sent(actions, to: 1).first?["code"] as? String == "bad_message")
    }
}

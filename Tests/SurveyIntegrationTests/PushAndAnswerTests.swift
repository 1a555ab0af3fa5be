import Foundation
import Testing

/// The push/answer loop end to end: real server process, real WebSockets, real SQLite.
@Suite(.serialized)
struct PushAndAnswerTests {
    @Test func fiftyConnectedClientsAllReceiveALaunchedSurvey() throws {
        let server = try ServerProcess(demoRoster: 60)
        var clients: [WebSocketTestClient] = []
        for index in 0..<50 {
            let (client, welcome) = try server.supervisor(index)
            #expect((welcome["surveys"] as? [Any])?.isEmpty == true)
            clients.append(client)
        }
        try server.launch("haocaiping-followup.yaml")
        for client in clients {
            let push = try client.receive(type: "survey")
            let survey = try #require(push["survey"] as? [String: Any])
            #expect(survey["id"] as? String == "haocaiping-followup")
            #expect(survey["version"] as? Int == 1)
            #expect((survey["questions"] as? [Any])?.count == 5)
            try client.send(json: ["v": 1, "type": "received", "survey": "haocaiping-followup", "version": 1])
        }
        // Delivery tracking reaches the database: pushed for all 50, received once each confirms.
        try waitUntil { try server.count("SELECT COUNT(*) FROM deliveries WHERE received_at IS NOT NULL") == 50 }
        #expect(try server.count("SELECT COUNT(*) FROM deliveries WHERE pushed_at IS NOT NULL") == 50)
        let status = try server.cli("status", "haocaiping-followup")
        #expect(status.status == 0)
        #expect(status.output.contains("合计\t60\t50\t50\t0\t0"))
    }

    @Test func anAnswerIsAckedAfterCommitAndTrackedPerPerson() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, welcome) = try server.supervisor(0)
        #expect((welcome["supervisor"] as? [String: Any])?["id"] as? String == "S001")
        let surveys = try #require(welcome["surveys"] as? [[String: Any]])
        #expect(surveys.map { $0["id"] as? String } == ["haocaiping-followup"])
        try client.send(json: ["v": 1, "type": "opened", "survey": "haocaiping-followup", "version": 1])
        let id = UUID().uuidString.lowercased()
        try client.send(json: submitMessage(id: id))
        let ack = try client.receive(type: "ack")
        #expect(ack["id"] as? String == id)
        #expect(ack["storedAt"] is String)
        // The ack came after COMMIT, so the row is visible to another connection now.
        #expect(try server.count("SELECT COUNT(*) FROM submissions WHERE id = ?", [id]) == 1)
        try waitUntil { try server.count("SELECT COUNT(*) FROM deliveries WHERE opened_at IS NOT NULL") == 1 }
        let status = try server.cli("status", "haocaiping-followup")
        #expect(status.output.contains("合计\t3\t1\t0\t1\t1"))
        #expect(status.output.contains("未提交 2 人"))
    }

    @Test func answersResentThreeTimesOverReconnectsAreStoredOnce() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let id = UUID().uuidString.lowercased()
        var acks: [String] = []
        for _ in 0..<3 {
            let (client, _) = try server.supervisor(1)
            try client.send(json: submitMessage(id: id))
            let ack = try client.receive(type: "ack")
            acks.append(try #require(ack["storedAt"] as? String))
        }
        #expect(Set(acks).count == 1, "an identical resend gets the same ack")
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 1)
    }

    @Test func aConflictingResendIsRejected() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        let id = UUID().uuidString
        try client.send(json: submitMessage(id: id))
        _ = try client.receive(type: "ack")
        var changed = followupAnswers
        changed["satisfaction"] = 1
        try client.send(json: submitMessage(id: id, answers: changed))
        let error = try client.receive(type: "error")
        #expect(error["code"] as? String == "conflict")
        #expect(error["ref"] as? String == id, "the id as the client sent it")
        let stored = try server.query { try $0.fetchOne(String.self, sql: "SELECT answers FROM submissions") }
        #expect(stored?.contains(#""satisfaction":4"#) == true)
    }

    @Test func aReconnectResyncsOpenSurveysAndSubmissions() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let id = UUID().uuidString.lowercased()
        do {
            let (client, _) = try server.supervisor(2)
            try client.send(json: submitMessage(id: id))
            _ = try client.receive(type: "ack")
        }
        let (_, welcome) = try server.supervisor(2)
        let surveys = try #require(welcome["surveys"] as? [[String: Any]])
        #expect(surveys.first?["id"] as? String == "haocaiping-followup")
        let submissions = try #require(welcome["submissions"] as? [[String: Any]])
        #expect(submissions.map { $0["id"] as? String } == [id])
        // Someone else has submitted nothing.
        let (_, other) = try server.supervisor(0)
        #expect((other["submissions"] as? [Any])?.isEmpty == true)
    }

    @Test func closingASurveyReachesOpenPagesAndRefusesLateAnswers() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        let result = try server.cli("close", "haocaiping-followup")
        #expect(result.status == 0)
        let closed = try client.receive(type: "closed")
        #expect(closed["survey"] as? String == "haocaiping-followup")
        try client.send(json: submitMessage())
        let error = try client.receive(type: "error")
        #expect(error["code"] as? String == "survey_closed")
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 0)
    }

    @Test func anAnswerAckedBeforeKill9IsThereAfterRestart() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let id = UUID().uuidString.lowercased()
        do {
            let (client, _) = try server.supervisor(0)
            try client.send(json: submitMessage(id: id))
            _ = try client.receive(type: "ack")
        }
        server.kill9()
        try server.start()
        #expect(try server.count("SELECT COUNT(*) FROM submissions WHERE id = ?", [id]) == 1)
        #expect(try server.sqliteIntegrity() ?? "ok" == "ok")
        let (client, welcome) = try server.supervisor(0)
        #expect((welcome["submissions"] as? [[String: Any]])?.first?["id"] as? String == id)
        // The resend after the crash is recognised, not stored twice.
        try client.send(json: submitMessage(id: id))
        _ = try client.receive(type: "ack")
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 1)
    }
}

import Foundation
import Testing

/// A whole campaign from the staff CLI against a real server, as the office would run it.
@Suite(.serialized)
struct StaffCampaignTests {
    @Test func importLaunchAnswerWatchRemindCloseAndExport() throws {
        let server = try ServerProcess(demoRoster: 0)
        // 1. Import a roster: two private enterprises, two communities, one agency.
        let roster = server.dataDirectory + "/roster.csv"
        try """
        姓名,类别,单位,电话,编号
        王建国,民营企业,甲公司,13900000001,P1
        李秀英,民营企业,乙公司,13900000002,P2
        张伟,基层社区,和平社区,13900000003,C1
        刘洋,基层社区,新村社区,13900000004,C2
        陈静,机关单位,区税务局,13900000005,A1
        """.write(toFile: roster, atomically: true, encoding: .utf8)
        let links = server.dataDirectory + "/links.csv"
        #expect(try server.cli("roster", "import", roster, "--links-out", links).status == 0)
        let tokens = try RosterTests().readLinks(links)
        func token(_ id: String) -> String { tokens.first { $0.id == id }!.token }

        // 2. Launch, with a deadline, to everyone.
        let launch = try server.cli(
            "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path,
            "--deadline", "2099-12-31")
        #expect(launch.status == 0, "\(launch.error)")

        // 3. Three real clients answer; a fourth stays connected without answering.
        for id in ["P1", "P2", "C1"] {
            let client = try WebSocketTestClient(port: server.port)
            let welcome = try client.hello(token: token(id))
            let survey = try #require((welcome["surveys"] as? [[String: Any]])?.first)
            #expect(survey["deadline"] as? String == "2099-12-31T15:59:59.000Z")
            try client.send(json: submitMessage())
            _ = try client.receive(type: "ack")
        }
        let idle = try WebSocketTestClient(port: server.port)
        _ = try idle.hello(token: token("C2"))

        // 4. Status: 3 of 5, per category, and the names of those missing.
        let status = try server.cli("status", "haocaiping-followup")
        #expect(status.output.contains("截止时间：2099-12-31 23:59"))
        #expect(status.output.contains("民营企业\t2\t2\t0\t0\t2\t100.0%"))
        #expect(status.output.contains("基层社区\t2\t2\t0\t0\t1\t50.0%"))
        #expect(status.output.contains("机关单位\t1\t0\t0\t0\t0\t0.0%"))
        #expect(status.output.contains("合计\t5\t4\t0\t0\t3\t60.0%"))
        #expect(status.output.contains("未提交 2 人：陈静（A1）、刘洋（C2）"))

        // 5. Remind reaches the connected non-respondent; the other is listed with a phone.
        let remind = try server.cli("remind", "haocaiping-followup")
        #expect(remind.output.contains("已向 1 名在线的未提交者推送提醒"))
        #expect(remind.output.contains("A1\t陈静\t机关单位\t区税务局\t13900000005"))
        let reminder = try idle.receive(type: "remind")
        #expect((reminder["message"] as? String)?.contains("好差评") == true)
        let csv = try server.cli("remind", "haocaiping-followup", "--csv")
        #expect(csv.output.contains("A1,陈静,机关单位,区税务局,13900000005"))

        // 6. Close reaches every connected client. 7. A late submit is refused.
        #expect(try server.cli("close", "haocaiping-followup").status == 0)
        #expect(try idle.receive(type: "closed")["survey"] as? String == "haocaiping-followup")
        try idle.send(json: submitMessage())
        #expect(try idle.receive(type: "error")["code"] as? String == "survey_closed")

        // 8. Export has exactly the three responses, in both formats.
        let export = try server.cli("export", "haocaiping-followup", "--format", "csv")
        let lines = export.output.split(whereSeparator: \.isNewline)
        #expect(export.output.hasPrefix("\u{FEFF}答卷编号"))
        #expect(lines.count == 4)
        #expect(lines.dropFirst().allSatisfy { $0.contains("回复很及时") && $0.contains(",是,") })
        let jsonl = try server.cli("export", "haocaiping-followup", "--format", "jsonl")
        #expect(jsonl.output.split(whereSeparator: \.isNewline).count == 3)

        // The audit trail has every state change.
        let audit = try server.cli("audit")
        for action in ["导入名册", "发布问卷", "提醒", "关闭问卷"] { #expect(audit.output.contains(action), "\(action)") }
    }

    @Test func launchingToACategoryReachesOnlyThatCategory() throws {
        let server = try ServerProcess(demoRoster: 20)
        let tokens = try server.tokens()
        // Demo roster: S001–S012 are private enterprises, S013–S017 communities, S018–S020 agencies.
        let enterprise = try WebSocketTestClient(port: server.port)
        _ = try enterprise.hello(token: tokens[0].token)
        let community = try WebSocketTestClient(port: server.port)
        _ = try community.hello(token: tokens[13].token)
        let result = try server.cli(
            "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path,
            "--to", "基层社区", "S020")
        // On PostgreSQL the count is this node's ("本节点"), other nodes pushing to their own pages.
        #expect(result.output.contains(testPostgresCluster == nil ? "已推送给 1 个在线连接" : "已推送给本节点 1 个在线连接"), "\(result.output) \(result.error)")
        #expect(try community.receive(type: "survey")["type"] as? String == "survey")
        try enterprise.send(json: submitMessage())
        #expect(try enterprise.receive(type: "error")["code"] as? String == "not_invited")
        let status = try server.cli("status", "haocaiping-followup")
        #expect(status.output.contains("合计\t6\t1\t0\t0\t0\t0.0%"), "\(status.output)")
    }

    @Test func badArgumentsAndUnknownSurveysFailClearly() throws {
        let server = try ServerProcess(demoRoster: 2)
        let cases: [([String], String)] = [
            (["status", "ghost"], "没有编号为“ghost”的问卷"),
            (["close", "ghost"], "没有编号为“ghost”的问卷"),
            (["remind", "ghost"], "ghost"),
            (["export", "ghost"], "ghost"),
            (["export", "ghost", "--format", "xlsx"], "xlsx"),
            (["launch", "/no/such/file.yaml"], "无法读取文件"),
            (["launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/annual-2022.yaml").path, "--deadline", "明天"], "截止时间"),
            (["launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/annual-2022.yaml").path, "--deadline", "2001-01-01"], "已经过去"),
            (["launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/annual-2022.yaml").path, "--to", "外资企业"], "外资企业"),
            (["status", "--watch", "--interval", "0", "x"], "interval"),
            (["audit", "--limit", "0"], "limit"),
            (["roster", "links"], "--reissue"),
        ]
        for (arguments, expected) in cases {
            let run = try server.cli(arguments)
            #expect(run.status != 0, "\(arguments) should fail")
            #expect((run.error + run.output).contains(expected), "\(arguments): \(run.error)")
            #expect(!run.error.contains("Fatal error"), "\(arguments) crashed")
        }
        let unknown = try server.cli(["frobnicate"], withData: false)
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("frobnicate"))
        // With the server stopped, the CLI says so and how to start it.
        server.stop()
        let down = try server.cli("list")
        #expect(down.status != 0)
        #expect(down.error.contains("survey serve --data"))
    }
}

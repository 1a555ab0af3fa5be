import Foundation
import Testing

/// The rectification list through the CLI and the admin API, on the sample dataset.
@Suite(.serialized)
struct RectifyTests {
    @Test func staffWorkThroughTheListAndTheReportFollows() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let list = try server.cli("rectify", "list")
        #expect(list.status == 0, "\(list.error)")
        // 14 concentrated problems and 27 cases (unanswered major problems, 地方保护, fee reports, 一刀切, arrears).
        #expect(list.output.contains("共 41 项"))
        #expect(list.output.components(separatedBy: "\t个案线索（").count - 1 == 27)
        #expect(list.output.contains("已销号") && list.output.contains("（逾期）"))
        // A leader signs off with a personal token.
        let leaderToken = server.dataDirectory + "/leader-token"
        #expect(try server.addLeader("王科长", tokenFile: leaderToken))
        // The work is marked done under an office account of its own.
        let officeToken = server.dataDirectory + "/office-token"
        #expect(try server.cli("staff", "add", "李干事", "--role", "office", "--token-out", officeToken).status == 0)
        // Row 5 is waiting: one step at a time works; a skip without a reason does not.
        let refused = try server.cli("rectify", "signoff", "5", "--token-file", leaderToken)
        #expect(refused.status != 0)
        #expect(refused.error.contains("须用 --reason 说明理由"))
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理兑现流程", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "5", "--note", "已梳理 12 项").status == 0)
        let noEvidence = try server.cli("rectify", "signoff", "5", "--reason", "领导同意", "--token-file", leaderToken)
        #expect(noEvidence.error.contains("佐证材料"))
        #expect(try server.cli("rectify", "done", "5", "--evidence", "兑现台账", "--token-file", officeToken).status == 0)
        let byOffice = try server.cli("rectify", "signoff", "5")
        #expect(byOffice.status != 0 && byOffice.error.contains("销号须由领导账号进行"), "\(byOffice.error)")
        // The supervisors who raised it have 5 working days to answer the 回访; before that, a
        // leader signs off only with a written reason.
        let early = try server.cli("rectify", "signoff", "5", "--token-file", leaderToken)
        #expect(early.status != 0 && early.error.contains("回访尚在进行（") && early.error.contains("人中 0 人已答复"), "\(early.error)")
        let signed = try server.cli("rectify", "signoff", "5", "--actor", "李四", "--reason", "已电话回访，无异议", "--token-file", leaderToken)
        #expect(signed.output.contains("已销号"), "\(signed.error)")
        let history = try server.cli("rectify", "history", "5")
        #expect(history.output.contains("王科长\t销号人\t— → 王科长"), "the leader's token names the signer, not --actor")
        #expect(history.output.contains("整改状态\t整改中 → 已整改"))
        #expect(try server.cli("rectify", "list", "--status", "signed_off").output.contains("共 2 项"))
        // Row 4, past its 时限, and the sample's 27 leads, raised weeks ago and not yet verified.
        let overdue = try server.cli("rectify", "list", "--overdue").output
        #expect(overdue.contains("共 28 项") && overdue.contains("已交办（逾期）"), "\(overdue)")
        #expect(try server.cli("rectify", "list", "--status", "finished").status != 0)
        #expect(try server.cli("rectify", "assign", "99", "--unit", "u", "--measure", "m", "--deadline", "2099-01-01").error.contains("第 99 项"))
        // The report over the server and the offline report from the file agree.
        let online = try server.cli("report", "--format", "csv")
        let offline = try server.cli(
            "report", "--format", "csv", "--db", server.store ?? server.dataDirectory + "/survey.sqlite",
            "--review-items", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/review-items.yaml").path)
        #expect(online.status == 0 && offline.status == 0)
        #expect(online.output == offline.output)
        let row5 = try #require(online.output.split(separator: "\r\n").first { $0.hasPrefix("5,集中问题") })
        #expect(row5.contains(",R08 涉企收费规范（待核定）,") && row5.contains("王科长") && row5.hasSuffix(",已销号"), "\(row5)")
        #expect(row5.contains("同意销号（销号理由：已电话回访，无异议）"), "a sign-off before the 回访 passed says why, in the 验收意见: \(row5)")
    }

    @Test func staffFieldsSurviveASecondSurveyWhileCountsUpdate() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区市场监管局", "--measure", "清理隐性壁垒", "--deadline", "2099-06-30").status == 0)
        try server.launch("haocaiping-followup.yaml")
        // Five supervisors answer the follow-up, all unhappy with the replies.
        let tokens = try server.tokens()
        for index in 0..<5 {
            let client = try WebSocketTestClient(port: server.port)
            _ = try client.hello(token: tokens[index].token)
            var answers = followupAnswers
            answers["satisfaction"] = 1
            try client.send(json: submitMessage(answers: answers))
            _ = try client.receive(type: "ack")
        }
        // The register takes in newly committed problems on the loop's beat, within half a second.
        var list = try server.cli("rectify", "list")
        try waitUntil {
            list = try server.cli("rectify", "list")
            return list.output.contains("共 42 项")
        }
        #expect(list.output.contains("共 42 项"), "\(list.output)")
        #expect(list.output.contains("42\t集中问题（5/5 人反映）\tR14 好差评与诉求办理（待核定）（另涉 R19）\t差评问题的整改和回复不够及时、不够到位"))
        let row6 = list.output.split(whereSeparator: \.isNewline).first { $0.hasPrefix("6\t") }
        #expect(row6?.contains("区市场监管局\t2099-06-30\t已交办") == true)
    }
}

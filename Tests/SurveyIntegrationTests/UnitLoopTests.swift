import Foundation
import Testing

@testable import SurveyStore

/// The 台账 loop beyond the office: units on their own links, evidence files, and the 回访 of the
/// supervisors who raised a row, over the real server.
@Suite(.serialized)
struct UnitLoopTests {
    /// A loopback HTTP request with a binary body and a bearer token; the status and JSON reply.
    func api(_ server: ServerProcess, _ method: String, _ path: String, token: String, body: [UInt8] = []) throws -> (status: Int, json: Any?) {
        let descriptor = try WebSocketTestClient.loopbackSocket(port: server.port, timeout: 10)
        defer { close(descriptor) }
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let step = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if step <= 0 { break }
            sent += step
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { break }
            response += chunk[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let json = text.range(of: "\r\n\r\n").flatMap { try? JSONSerialization.jsonObject(with: Data(text[$0.upperBound...].utf8)) }
        return (status, json)
    }

    /// Imports two units and returns their links' tokens by name.
    func importUnits(_ server: ServerProcess) throws -> [String: String] {
        try server.importUnits(["区财政局,赵会计,0571-1234567", "区市场监管局,钱科长,13800000000"])
    }

    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    @Test func aUnitSeesAndWorksOnlyItsOwnRows() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let units = try importUnits(server)
        #expect(units.count == 2)
        // An unknown unit is refused once a list exists.
        #expect(
            try server.cli("rectify", "assign", "5", "--unit", "区财政厅", "--measure", "m", "--deadline", "2099-06-30")
                .error.contains("“区财政厅”不在责任单位名单中"))
        #expect(
            try server.cli(
                "rectify", "assign", "5", "--unit", "区财政局", "--partner", "区市场监管局", "--measure", "梳理兑现流程",
                "--deadline", "2099-06-30", "--category", "限期整改", "--owner", "孙副局长"
            ).status == 0)
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "核查收费", "--deadline", "2099-06-30").status == 0)

        // What each unit should see: the assigned rows naming it as lead or partner, per the office's list.
        let all = try api(server, "GET", "/api/rectify", token: try server.adminToken()).json as? [[String: Any]] ?? []
        func expected(_ unit: String) -> [Int] {
            all.filter { row in
                let named = [row["unit"] as? String] + ((row["partners"] as? [String]) ?? []).map(Optional.some)
                return row["status"] as? String != "identified" && named.contains(unit)
            }.compactMap { $0["number"] as? Int }
        }
        #expect(expected("区财政局").contains(5) && !expected("区财政局").contains(20))

        let page = try WebSocketTestClient(port: server.port)
        try page.send(json: ["v": 1, "type": "unit_hello", "token": units["区财政局"]!])
        let rows = try page.receive(type: "unit_rows")
        #expect(rows["unit"] as? String == "区财政局")
        let numbers = (rows["rows"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
        #expect(numbers == expected("区财政局"), "only its own rows: \(numbers)")

        // The partner sees the row too; a case row shows it without its supervisor.
        let partner = try WebSocketTestClient(port: server.port)
        try partner.send(json: ["v": 1, "type": "unit_hello", "token": units["区市场监管局"]!])
        let partnerRows = try partner.receive(type: "unit_rows")["rows"] as? [[String: Any]] ?? []
        #expect(partnerRows.compactMap { $0["number"] as? Int } == expected("区市场监管局"))
        let caseRow = try #require(partnerRows.first { $0["number"] as? Int == 20 })
        #expect(caseRow["kind"] as? String == "case" && caseRow["supervisorID"] == nil)
        #expect(all.first { $0["number"] as? Int == 20 }?["supervisorID"] != nil, "the office does see who raised it")

        // Progress from the unit: acked, recorded under its name, pushed live to the partner's page.
        try page.send(json: ["v": 1, "type": "unit_progress", "row": 5, "note": "已梳理兑现流程 12 项"])
        #expect(try page.receive(type: "unit_ack")["row"] as? Int == 5)
        let pushed = try partner.receive(type: "unit_rows")["rows"] as? [[String: Any]] ?? []
        #expect((pushed.first { $0["number"] as? Int == 5 }?["notes"] as? [String])?.last?.contains("【区财政局】已梳理兑现流程 12 项") == true)
        let shown = try server.cli("rectify", "show", "5").output
        #expect(shown.contains("【区财政局】已梳理兑现流程 12 项") && shown.contains("整改类别：限期整改") && shown.contains("配合单位：区市场监管局"))
        #expect(try server.cli("rectify", "history", "5").output.contains("区财政局\t整改进展"))
        try page.send(json: ["v": 1, "type": "unit_measure_done", "row": 5, "measure": 1])
        #expect(try page.receive(type: "unit_ack")["ref"] as? String == "unit_measure_done")

        // Another unit's row, a measure that does not exist: refused, nothing stored.
        try page.send(json: ["v": 1, "type": "unit_progress", "row": 20, "note": "越权"])
        let foreign = try page.receive(type: "error")
        #expect(foreign["code"] as? String == "not_your_row" && foreign["ref"] as? String == "unit_progress")
        try page.send(json: ["v": 1, "type": "unit_measure_done", "row": 5, "measure": 7])
        #expect(try page.receive(type: "error")["message"] as? String == "第 5 项没有第 7 条整改措施（共 1 条）")
        #expect(!(try server.cli("rectify", "show", "20").output.contains("越权")))
        // A unit's page cannot answer surveys, a supervisor's link is no unit link.
        try page.send(json: submitMessage())
        #expect(try page.receive(type: "error")["code"] as? String == "bad_message")
        let bad = try WebSocketTestClient(port: server.port)
        try bad.send(json: ["v": 1, "type": "unit_hello", "token": try server.tokens()[0].token])
        #expect(try bad.receive(type: "error")["code"] as? String == "bad_token")
    }

    @Test func evidenceFilesAreCheckedAndKeptUnderTheirHash() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--max-evidence-mb", "1"])
        let units = try importUnits(server)
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区市场监管局", "--measure", "清理", "--deadline", "2099-06-30").status == 0)
        let finance = units["区财政局"]!
        let uploaded = try api(server, "POST", "/api/rectify/5/evidence?name=%E5%8F%B0%E8%B4%A6.pdf", token: finance, body: Self.pdf)
        #expect(uploaded.status == 201, "\(String(describing: uploaded.json))")
        let sha = (uploaded.json as? [String: Any])?["sha256"] as? String ?? ""
        #expect(sha.count == 64)
        if server.store == nil {
            let stored = server.dataDirectory + "/evidence/" + sha
            #expect(FileManager.default.contents(atPath: stored).map(Array.init) == Self.pdf)
            let mode = (try FileManager.default.attributesOfItem(atPath: stored)[.posixPermissions] as? Int ?? 0) & 0o777
            #expect(mode == 0o600)
        } else {
            // Shared by every node: in the database, not in this node's directory.
            #expect(
                try server.query { try $0.fetchOne(Data.self, sql: "SELECT bytes FROM evidence_blobs WHERE sha256 = ?", arguments: [sha]) } == Data(Self.pdf))
            #expect(!FileManager.default.fileExists(atPath: server.dataDirectory + "/evidence/" + sha))
        }
        #expect(try server.cli("rectify", "show", "5").output.contains("台账.pdf（\(Self.pdf.count) 字节，SHA-256 \(sha)）"))
        // The unit fetches its own file back; not another's.
        #expect(try api(server, "GET", "/api/evidence/\(sha)", token: finance).status == 200)
        #expect(try api(server, "GET", "/api/evidence/\(sha)", token: units["区市场监管局"]!).status == 404)

        func refused(_ path: String, token: String, body: [UInt8]) throws -> (Int, String) {
            let reply = try api(server, "POST", path, token: token, body: body)
            return (reply.status, ((reply.json as? [String: Any])?["message"] as? String) ?? "")
        }
        // Too large, a refused type, a name that lies, another unit's row, the admin API with a unit link.
        let big = try refused("/api/rectify/5/evidence?name=big.pdf", token: finance, body: Self.pdf + [UInt8](repeating: 32, count: 1_100_000))
        #expect(big.0 == 413 && big.1.contains("超过上限"), "\(big)")
        let script = try refused("/api/rectify/5/evidence?name=run.sh", token: finance, body: Array("#!/bin/sh\nrm -rf /\n".utf8))
        #expect(script.0 == 415 && script.1.contains("类型不在允许之列"), "\(script)")
        let disguised = try refused("/api/rectify/5/evidence?name=photo.png", token: finance, body: Self.pdf)
        #expect(disguised.0 == 415 && disguised.1.contains("扩展名与内容不符"), "\(disguised)")
        let foreign = try refused("/api/rectify/6/evidence?name=a.pdf", token: finance, body: Self.pdf)
        #expect(foreign.0 == 403 && foreign.1.contains("没有交办给区财政局"), "\(foreign)")
        // A row that does not exist reads the same to a unit: its link cannot count the 台账's rows.
        let missing = try refused("/api/rectify/9999/evidence?name=a.pdf", token: finance, body: Self.pdf)
        #expect(missing.0 == 403 && missing.1.contains("没有交办给区财政局"), "\(missing)")
        #expect(try api(server, "GET", "/api/rectify", token: finance).status == 403)
        #expect(try api(server, "POST", "/api/rectify/5", token: finance, body: Array(#"{"action":"done","evidence":"x"}"#.utf8)).status == 403)
        let history = try server.cli("rectify", "history", "6").output
        #expect(!history.contains("佐证材料文件"))
        #expect(try server.count("SELECT COUNT(*) FROM evidence_files") == 1)
        // Staff upload with the CLI too, and a row with a file needs no written evidence to be done.
        let file = server.dataDirectory + "/纪要.pdf"
        try Data(Self.pdf + Array("% office copy\n".utf8)).write(to: URL(fileURLWithPath: file))
        #expect(try server.cli("rectify", "evidence", "6", file).output.contains("已上传：纪要.pdf"))
        #expect(try server.cli("rectify", "progress", "6", "--note", "已清理").status == 0)
        let done = try server.cli("rectify", "done", "6")
        #expect(done.status == 0, "\(done.error)")
    }

    @Test func supervisorsWhoRaisedARowAreAskedAndTheirVerdictGatesSignOff() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let leader = server.dataDirectory + "/leader"
        #expect(try server.addLeader("王科长", tokenFile: leader))
        // Row 20 is a case: the office sees who raised it.
        let rows = try api(server, "GET", "/api/rectify", token: try server.adminToken()).json as? [[String: Any]] ?? []
        let raiser = try #require(rows.first { $0["number"] as? Int == 20 }?["supervisorID"] as? String)
        let tokens = try server.tokens()
        let raiserToken = try #require(tokens.first { $0.id == raiser }?.token)
        let other = try #require(tokens.first { $0.id != raiser }?.token)

        let page = try WebSocketTestClient(port: server.port)
        #expect((try page.hello(token: raiserToken)["followups"] as? [Any])?.isEmpty == true)
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退还违规收费", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "20", "--note", "已核查").status == 0)
        #expect(try server.cli("rectify", "verify", "20", "--result", "属实", "--note", "经现场核实属实").status == 0)
        #expect(try server.cli("rectify", "done", "20", "--evidence", "退费凭证").status == 0)
        let notice = try page.receive(type: "followup")["followup"] as? [String: Any]
        // The 整改结果 is what was done (the progress, the evidence), not the measure planned and never marked done.
        let result = notice?["result"] as? String ?? ""
        #expect(notice?["row"] as? Int == 20 && result.contains("已核查") && result.contains("退费凭证") && !result.contains("退还违规收费"), "\(result)")
        // Before an answer, sign-off waits for the 回访.
        #expect(try server.cli("rectify", "signoff", "20", "--token-file", leader).error.contains("回访尚在进行（1 人中 0 人已答复"))
        // On the next visit the 回访 is in the welcome.
        let later = try WebSocketTestClient(port: server.port)
        #expect((try later.hello(token: raiserToken)["followups"] as? [[String: Any]])?.first?["row"] as? Int == 20)
        // Someone who did not raise it cannot answer.
        let stranger = try WebSocketTestClient(port: server.port)
        _ = try stranger.hello(token: other)
        try stranger.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "satisfied"])
        #expect(try stranger.receive(type: "error")["code"] as? String == "not_raiser")
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "great"])
        #expect(try page.receive(type: "error")["ref"] as? String == "followup_answer")
        // The raiser is not satisfied: sign-off is refused without a reason.
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "unsatisfied", "comment": "只退了一半"])
        #expect(try page.receive(type: "followup_ack")["row"] as? Int == 20)
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "satisfied"])
        #expect(try page.receive(type: "error")["code"] as? String == "not_raiser", "one answer per person")
        let refused = try server.cli("rectify", "signoff", "20", "--token-file", leader)
        #expect(refused.status != 0 && refused.error.contains("1 人不满意"), "\(refused.error)")
        #expect(try server.cli("rectify", "show", "20").output.contains("回访 1 人，答复 1 人：满意 0、基本满意 0、不满意 1"))
        // Reopened (回头看), done again, asked again: now satisfied, and the leader signs off.
        #expect(try server.cli("rectify", "reopen", "20").error.contains("须用 --reason"))
        #expect(try server.cli("rectify", "reopen", "20", "--reason", "回访不满意，补退余款").status == 0)
        #expect(try server.cli("rectify", "done", "20", "--evidence", "补退凭证").status == 0)
        _ = try page.receive(type: "followup")
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "satisfied"])
        _ = try page.receive(type: "followup_ack")
        let signed = try server.cli("rectify", "signoff", "20", "--opinion", "已全额退费，同意销号", "--token-file", leader)
        #expect(signed.status == 0, "\(signed.error)")
        #expect(try server.cli("rectify", "show", "20").output.contains("验收意见：已全额退费，同意销号"))
    }

    /// A row taken back from 已整改 is no longer being checked: its unanswered 回访 is withdrawn,
    /// from open pages and from the next visit, and a late answer is not counted.
    @Test func aRowTakenBackWithdrawsItsFollowUp() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let rows = try api(server, "GET", "/api/rectify", token: try server.adminToken()).json as? [[String: Any]] ?? []
        let raiser = try #require(rows.first { $0["number"] as? Int == 20 }?["supervisorID"] as? String)
        let raiserToken = try #require(try server.tokens().first { $0.id == raiser }?.token)
        let page = try WebSocketTestClient(port: server.port)
        _ = try page.hello(token: raiserToken)
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退还违规收费", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "verify", "20", "--result", "属实", "--note", "经现场核实属实").status == 0)
        #expect(try server.cli("rectify", "done", "20", "--evidence", "退费凭证", "--reason", "当场退费").status == 0)
        _ = try page.receive(type: "followup")
        #expect(try server.cli("rectify", "reopen", "20", "--reason", "发现未退清").status == 0)
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "satisfied"])
        #expect(try page.receive(type: "error")["code"] as? String == "not_raiser", "no 回访 is open on a row back in 整改中")
        let later = try WebSocketTestClient(port: server.port)
        #expect((try later.hello(token: raiserToken)["followups"] as? [Any])?.isEmpty == true)
        #expect(!(try server.cli("rectify", "show", "20").output.contains("答复 1 人")))
    }
}

/// 自查批次 and 回头看: a problem raised again in a later round is a new row linked to the earlier
/// one, and the earlier row reopens if it was closed.
@Suite(.serialized)
struct RoundTests {
    @Test func aProblemRaisedAgainInALaterRoundReopensTheClosedRow() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let before = try server.cli("rectify", "show", "1").output
        #expect(before.contains("整改状态：已销号"), "row 1 of the sample is signed off")
        let file = server.dataDirectory + "/round-2023.yaml"
        try """
        id: policy-2023
        title: 2023 年度惠企政策知晓情况
        round: 2023 年度
        questions:
          - id: policy_known
            type: yesno
            title: 您是否了解 2023 年以来我区出台的惠企政策？
            required: true
            items: [R02, R15]
            finding:
              equals: false
              problem: 惠企政策宣传不到位，企业知晓率不高
        """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try server.cli("launch", file).status == 0)
        // The lead unit of row 1 has its page open.
        let units = server.dataDirectory + "/units.csv"
        let links = server.dataDirectory + "/unit-links.csv"
        try "单位\n区发展改革委\n".write(toFile: units, atomically: true, encoding: .utf8)
        #expect(try server.cli("units", "import", units, "--links-out", links, "--allow-loopback").status == 0)
        let unitToken = try #require(try String(contentsOfFile: links, encoding: .utf8).split(separator: "#").last)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let unitPage = try WebSocketTestClient(port: server.port)
        try unitPage.send(json: ["v": 1, "type": "unit_hello", "token": unitToken])
        let first = try unitPage.receive(type: "unit_rows")["rows"] as? [[String: Any]] ?? []
        #expect(first.first { $0["number"] as? Int == 1 }?["status"] as? String == "signed_off")
        let tokens = try server.tokens()
        for index in 0..<3 {
            let client = try WebSocketTestClient(port: server.port)
            _ = try client.hello(token: tokens[index].token)
            try client.send(json: [
                "v": 1, "type": "submit", "id": UUID().uuidString, "survey": "policy-2023", "version": 1,
                "answers": ["policy_known": false],
            ])
            _ = try client.receive(type: "ack")
        }
        // The register takes in newly committed problems on the loop's beat, within half a second.
        var list = try server.cli("rectify", "list", "--round", "2023 年度")
        try waitUntil {
            list = try server.cli("rectify", "list", "--round", "2023 年度")
            return list.output.contains("共 1 项")
        }
        #expect(list.output.contains("共 1 项"), "\(list.output)")
        #expect(list.output.contains("集中问题（2023 年度，3/3 人反映），回头看：曾为第 1 项"))
        let reopened = try server.cli("rectify", "show", "1").output
        #expect(reopened.contains("整改状态：整改中"), "\(reopened)")
        let pushed = try unitPage.receive(type: "unit_rows")["rows"] as? [[String: Any]] ?? []
        #expect(pushed.first { $0["number"] as? Int == 1 }?["status"] as? String == "in_progress", "the unit's open page hears of the reopen")
        let history = try server.cli("rectify", "history", "1").output
        #expect(history.contains("system\t整改状态\t已销号 → 整改中") && history.contains("回头看：2023 年度自查中再次反映"))
    }
}

/// Defects an outside tester found in the 台账 loop, each checked on the running server.
@Suite(.serialized)
struct RegisterDefectTests {
    @Test func aRowRectifiedWithoutAnyFollowUpNeedsAReasonToSignOff() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let leader = server.dataDirectory + "/leader"
        #expect(try server.addLeader("刘领导", tokenFile: leader))
        // Row 2 of the sample is rectified with its 回访 still open.
        let early = try server.cli("rectify", "signoff", "2", "--token-file", leader)
        #expect(early.status != 0 && early.error.contains("回访尚在进行"), "\(early.error)")
        // A 自查发现 has nobody to ask: rectified, it was never followed up.
        #expect(try server.cli("rectify", "add", "--source", "自查发现", "--text", "窗口办事指南未及时更新", "--item", "R10").status == 0)
        let numbers = try server.cli("rectify", "list").output.components(separatedBy: "\n").compactMap { Int($0.prefix { $0.isNumber }) }
        let number = "\(try #require(numbers.max()))"
        #expect(try server.cli("rectify", "assign", number, "--unit", "区政务服务办", "--measure", "更新办事指南", "--deadline", "10工作日").status == 0)
        #expect(try server.cli("rectify", "progress", number, "--note", "已更新 12 项办事指南").status == 0)
        let office = server.dataDirectory + "/office"
        #expect(try server.cli("staff", "add", "李干事", "--role", "office", "--token-out", office).status == 0)
        #expect(try server.cli("rectify", "done", number, "--evidence", "更新后的办事指南", "--token-file", office).status == 0)
        let refused = try server.cli("rectify", "signoff", number, "--token-file", leader)
        #expect(refused.status != 0 && refused.error.contains("未进行回访"), "\(refused.error)")
        #expect(try server.cli("rectify", "signoff", number, "--reason", "电话回访，无异议", "--token-file", leader).status == 0)
    }

    @Test func terminalOutputShowsLinesAndNeverRawControlCharacters() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "第一条", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "measure", "5", "--measure", "第二条", "--deadline", "2099-07-30").status == 0)
        // A note with an escape sequence is refused at the door, naming why.
        let refused = try server.cli("rectify", "progress", "5", "--note", "a\u{1b}[31mred")
        #expect(refused.status != 0 && refused.error.contains("进展或说明（note）除换行外不能含控制字符"), "\(refused.error)")
        let shown = try server.cli("rectify", "show", "5").output
        #expect(shown.contains("1. 第一条（时限 2099-06-30，未完成）\n") && shown.contains("2. 第二条（时限 2099-07-30，未完成）"), "\(shown)")
        #expect(!shown.contains("red"))
    }

    @Test func adminBodiesWithARepeatedKeyAreRefused() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let body = #"{"action":"progress","note":"x","action":"done"}"#
        let reply = try httpExchange(
            port: server.port,
            "POST /api/rectify/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(try server.adminToken())\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        #expect(reply.head.hasPrefix("HTTP/1.1 400") && reply.body.contains("“action”重复"), "\(reply)")
    }

    @Test func assignmentsAreChecked() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(
            try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "m", "--deadline", "2020-01-01")
                .error.contains("早于今天"))
        #expect(
            try server.cli(
                "rectify", "assign", "5", "--unit", "区财政局", "--measure", "m", "--deadline", "2099-01-01",
                "--owner", String(repeating: "长", count: 100)
            ).error.contains("责任人"))
        #expect(try server.cli("rectify", "measure", "5", "--measure", "m", "--deadline", "2099-01-01").error.contains("先交办"))
        #expect(
            try server.cli(
                "rectify", "assign", "5", "--unit", "区财政局", "--measure", "m", "--deadline", "2099-01-01",
                "--partner", "区住建局", "--partner", "区住建局", "--share-supervisor"
            ).status == 0)
        let shown = try server.cli("rectify", "show", "5").output
        #expect(shown.contains("配合单位：区住建局\n"), "\(shown)")
    }

    @Test func aSignedOffRowNoLongerAsksForItsFollowUp() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let leader = server.dataDirectory + "/leader"
        #expect(try server.addLeader("刘领导", tokenFile: leader))
        let raiser = try server.query { try $0.fetchOne(String.self, sql: "SELECT supervisor_id FROM rectification_items WHERE number = 20") }
        let token = try #require(try server.tokens().first { $0.id == raiser }?.token)
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "20", "--note", "已核查").status == 0)
        #expect(try server.cli("rectify", "verify", "20", "--result", "属实", "--note", "经现场核实属实").status == 0)
        #expect(try server.cli("rectify", "done", "20", "--evidence", "凭证").status == 0)
        let page = try WebSocketTestClient(port: server.port)
        #expect((try page.hello(token: token)["followups"] as? [Any])?.count == 1)
        #expect(try server.cli("rectify", "signoff", "20", "--reason", "已当面核实", "--token-file", leader).status == 0)
        // The open page is told at once, so that its card goes.
        let withdrawn = try page.receive(type: "followup_withdrawn")
        #expect(withdrawn["row"] as? Int == 20 && withdrawn["reason"] as? String == "第 20 项已销号，回访已结束", "\(withdrawn)")
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 20, "verdict": "satisfied"])
        #expect(try page.receive(type: "error")["code"] as? String == "not_raiser")
        let later = try WebSocketTestClient(port: server.port)
        #expect((try later.hello(token: token)["followups"] as? [Any])?.isEmpty == true)
    }
}

/// The units' links sheet is a proper CSV, whatever the units are called.
@Suite(.serialized)
struct UnitLinksSheetTests {
    @Test func aUnitNameWithACommaStaysOneColumn() throws {
        let server = try ServerProcess(demoRoster: 0)
        let csv = server.dataDirectory + "/units.csv"
        let links = server.dataDirectory + "/links.csv"
        try "单位,联系人\n\"区市场监管局,东丽所\",钱科长\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try server.cli("units", "import", csv, "--links-out", links, "--allow-loopback")
        #expect(result.status == 0, "\(result.error)")
        let lines = try String(contentsOfFile: links, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(lines.count == 2 && lines[1].hasPrefix("\"区市场监管局,东丽所\",http://"), "\(lines)")
        let unwritable = try server.cli("units", "reissue", "区市场监管局,东丽所", "--links-out", "/nonexistent-dir/links.csv")
        #expect(unwritable.status != 0 && unwritable.error.contains("无法写入"), "\(unwritable.error)")
    }
}

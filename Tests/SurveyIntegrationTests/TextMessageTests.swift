import Foundation
import Testing

/// Reminders, 交办 notices and 回访 invitations through the office's SMS gateway command, here a
/// fake gateway script that records what it was given and fails for one number.
@Suite(.serialized)
struct TextMessageTests {
    /// Writes the fake gateway: appends its stdin to `log`, one line per message; fails for numbers ending 0000.
    func fakeGateway(in directory: String) throws -> (command: String, log: String) {
        let script = directory + "-gateway.sh"
        let log = directory + "-sms.jsonl"
        try """
        #!/bin/sh
        payload=$(cat)
        printf '%s\\n' "$payload" >> '\(log)'
        case "$payload" in *0000\\"*) exit 3 ;; esac
        exit 0
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o700)
        return (script, log)
    }

    func lines(_ log: String) -> [[String: Any]] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The sample data behind the gateway `command`, with these units (rows of 单位,联系人,电话).
    func sampleServer(gateway command: String, units rows: String, arguments: [String] = []) throws -> ServerProcess {
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--sms-command", command] + arguments)
        let units = server.dataDirectory + "/units.csv"
        try ("单位,联系人,电话\n" + rows).write(toFile: units, atomically: true, encoding: .utf8)
        #expect(try server.cli("units", "import", units, "--links-out", server.dataDirectory + "/links.csv", "--allow-loopback").status == 0)
        return server
    }

    /// Waits (bounded) for the gateway's queue to record `count` results.
    func waitForRecords(_ server: ServerProcess, count: Int) throws {
        let deadline = Date().addingTimeInterval(15)
        while try server.count("SELECT COUNT(*) FROM sms_log") < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    @Test func remindersGoToThoseNotOnlineAndEachResultIsRecorded() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-sms-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        defer { for path in [gateway.command, gateway.log] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try ServerProcess(demoRoster: 4, arguments: ["--sms-command", gateway.command])
        try server.launch("haocaiping-followup.yaml")
        // One supervisor is online; the other three get a text. One of them has a number the gateway refuses.
        let online = try server.supervisor(0)
        defer { withExtendedLifetime(online) {} }
        let roster = server.dataDirectory + "/roster.csv"
        let tokens = try server.tokens()
        try "编号,姓名,类别,电话\n\(tokens[3].id),测试人,民营企业,13900000000\n".write(toFile: roster, atomically: true, encoding: .utf8)
        #expect(try server.cli("roster", "import", roster).status == 0)
        let reply = try server.cli("remind", "haocaiping-followup")
        #expect(reply.output.contains("已通过短信网关向 3 名未在线者发送提醒短信"), "\(reply.output)")
        try waitForRecords(server, count: 3)
        let sent = lines(gateway.log)
        #expect(sent.count == 3)
        #expect(Set(sent.compactMap { $0["recipient"] as? String }) == Set(tokens[1...3].map(\.id)))
        #expect(sent.allSatisfy { ($0["text"] as? String)?.contains("请尽快填写问卷") == true && $0["kind"] as? String == "remind" })
        #expect(try server.count("SELECT COUNT(*) FROM sms_log WHERE result = 'sent'") == 2)
        #expect(
            try server.count(
                "SELECT COUNT(*) FROM sms_log WHERE result = 'failed' AND recipient = ? AND detail LIKE '%退出码 3%'",
                [tokens[3].id]) == 1)
        let log = try server.cli("sms").output
        #expect(log.contains("失败（短信网关命令退出码 3）") && log.contains("共 3 条"))
    }

    @Test func assignmentNoticesAndFollowUpInvitationsGoByText() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-sms-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        defer { for path in [gateway.command, gateway.log] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try sampleServer(gateway: gateway.command, units: "区市场监管局,钱科长,13811112222\n")
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "progress", "20", "--note", "已核查").status == 0)
        #expect(try server.cli("rectify", "verify", "20", "--result", "属实", "--note", "经现场核实属实").status == 0)
        #expect(try server.cli("rectify", "done", "20", "--evidence", "凭证").status == 0)
        try waitForRecords(server, count: 2)
        let sent = lines(gateway.log)
        #expect(sent.first?["phone"] as? String == "13811112222" && (sent.first?["text"] as? String)?.contains("第 20 项整改事项") == true)
        // The supervisor who raised the case is not online: the 回访 invitation goes by text, to them alone.
        let raiser = try server.query { try $0.fetchOne(String.self, sql: "SELECT supervisor_id FROM rectification_items WHERE number = 20") }
        #expect(sent.count == 2 && sent.last?["kind"] as? String == "followup" && sent.last?["recipient"] as? String == raiser)
        #expect((sent.last?["text"] as? String)?.contains("回访评价") == true)
        #expect(try server.count("SELECT COUNT(*) FROM sms_log WHERE result = 'sent'") == 2)
    }

    /// A unit hears of every change to what it leads: a new 时限 for its row, a row taken from it
    /// (now to help, or not), and a unit newly asked to help hears who leads.
    @Test func aNewDeadlineAndAReassignmentAreToldToTheUnits() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-sms-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        defer { for path in [gateway.command, gateway.log] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try sampleServer(
            gateway: gateway.command, units: "区市场监管局,钱科长,13811112222\n区财政局,孙科长,13833334444\n区发展改革委,周科长,13855556666\n")
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-06-30").status == 0)
        let later = try server.cli(
            "rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-09-30", "--reason", "需省级部门配合")
        #expect(later.status == 0, "\(later.error)")
        let moved = try server.cli(
            "rectify", "assign", "20", "--unit", "区财政局", "--measure", "退费", "--deadline", "2099-09-30", "--reason", "职责调整",
            "--partner", "区市场监管局", "--partner", "区发展改革委")
        #expect(moved.status == 0, "\(moved.error)")
        try waitForRecords(server, count: 5)
        let sent = lines(gateway.log).map { ($0["phone"] as? String ?? "", $0["text"] as? String ?? "") }
        #expect(sent.count == 5)
        #expect(sent.contains { $0.0 == "13811112222" && $0.1.contains("整改时限由 2099-06-30 调整为 2099-09-30，理由：需省级部门配合") })
        #expect(sent.contains { $0.0 == "13811112222" && $0.1.contains("已改派“区财政局”牵头，理由：职责调整，贵单位改为配合单位") })
        #expect(sent.contains { $0.0 == "13855556666" && $0.1.contains("由“区财政局”牵头办理，请贵单位配合，整改时限 2099-09-30") })
        #expect(sent.contains { $0.0 == "13833334444" && $0.1.contains("已交办贵单位，整改时限 2099-09-30") })
    }

    /// A holiday file with no holidays for the years around today: working days are Monday to Friday.
    func plainCalendar(at base: String) throws -> String {
        let year = Int(RegisterIntakeTests.day(0).prefix(4))!
        let file = base + "-holidays.yaml"
        try ("years:\n" + (year - 1...year + 1).map { "  - year: \($0)\n    source: 测试\n    holidays: []\n    workdays: []\n" }.joined())
            .write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The office chases its rows by itself: a row one working day before its 时限 texts its unit
    /// once, however often the check runs.
    @Test func aRowDueSoonTextsItsUnitOnce() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-remind-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        let holidays = try plainCalendar(at: base)
        defer { for path in [gateway.command, gateway.log, holidays] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try ServerProcess(
            demoRoster: 0, arguments: ["--sms-command", gateway.command, "--holidays", holidays, "--reminder-check-seconds", "1"])
        _ = try server.importUnits(["区市场监管局,张三,13800000001"])
        #expect(try server.cli("rectify", "add", "--source", "自查发现", "--text", "涉企检查计划未公开", "--item", "R16").status == 0)
        #expect(try server.cli("rectify", "assign", "1", "--unit", "区市场监管局", "--measure", "公开检查计划", "--deadline", "1工作日").status == 0)
        func reminders() -> [[String: Any]] { lines(gateway.log).filter { $0["kind"] as? String == "urge" } }
        try waitUntil(seconds: 15) { !reminders().isEmpty }
        // Three more checks go by: still one.
        Thread.sleep(forTimeInterval: 3.5)
        let sent = reminders()
        #expect(sent.count == 1, "\(sent)")
        #expect(sent.first?["recipient"] as? String == "区市场监管局" && sent.first?["phone"] as? String == "13800000001")
        #expect((sent.first?["text"] as? String)?.contains("距整改时限（") == true, "\(sent)")
        let history = try server.cli("rectify", "history", "1").output
        #expect(history.contains("system\t催办\t— → \(RegisterIntakeTests.day(0))：系统提醒：距整改时限"), "\(history)")
        #expect(try server.cli("rectify", "show", "1").output.contains("催办：\(RegisterIntakeTests.day(0))：系统提醒"))
    }

    /// A row overdue by more than the office file's working days is 督办: recorded on the row and texted.
    @Test func anOverdueRowIsSupervised() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-supervise-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        let holidays = try plainCalendar(at: base)
        let office = base + "-office.yaml"
        try
            (String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("Surveys/office.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "reminders: {before: 3, supervise_after: 5}", with: "reminders: {before: 3, supervise_after: 1}"))
            .write(toFile: office, atomically: true, encoding: .utf8)
        defer { for path in [gateway.command, gateway.log, holidays, office] { try? FileManager.default.removeItem(atPath: path) } }
        let units = ["区政务服务办", "区发展改革委", "区财政局", "区市场监管局", "区司法局", "区金融工作局", "区政府办公室", "区税务局", "区人力社保局", "区住房建设委"]
        let rows = units.enumerated().map { "\($0.element),联系人,1380000010\($0.offset)\n" }.joined()
        let server = try sampleServer(
            gateway: gateway.command, units: rows, arguments: ["--holidays", holidays, "--office", office, "--reminder-check-seconds", "1"])
        // Row 4 of the sample was assigned with a 时限 five days ago, and nothing since.
        let unit = try #require(try server.cli("rectify", "show", "4").output.split(separator: "\n").first { $0.hasPrefix("牵头单位：") }?.dropFirst(5))
        func texts() -> [String] {
            lines(gateway.log).filter { $0["kind"] as? String == "urge" && $0["recipient"] as? String == String(unit) }.compactMap {
                $0["text"] as? String
            }
        }
        try waitUntil(seconds: 15) { (try? server.cli("rectify", "show", "4").output.contains("督办：逾期")) == true }
        // The gateway sends after the row records it.
        try waitUntil(seconds: 15) { texts().contains { $0.contains("督办：第 4 项整改事项") } }
        let texts = texts()
        #expect(texts.contains { $0.contains("已超过整改时限") } && texts.contains { $0.contains("督办：第 4 项整改事项") }, "\(texts)")
        #expect(try server.cli("units", "scores", "--format", "csv").output.contains(String(unit)))
        // The 督办单 for the unit's leadership, printable; a row within its 时限 has none.
        let sheet = server.dataDirectory + "/supervise.html"
        let printed = try server.cli("rectify", "handover", "4", "--supervise", "-o", sheet)
        #expect(printed.status == 0 && printed.output.contains("已生成督办单 1 份"), "\(printed.error)")
        let html = try String(contentsOfFile: sheet, encoding: .utf8)
        for part in ["整改事项督办单", "督办日期", "\(unit)主要负责同志", "逾期情况", "已超过办理时限", "督办：逾期", "督办要求", "签收人"] {
            #expect(html.contains(part), "\(part)")
        }
        let onTime = try server.cli("rectify", "handover", "3", "--supervise", "-o", sheet)
        #expect(onTime.status != 0 && onTime.error.contains("第 3 项未逾期，无需督办"), "\(onTime.error)")
    }

    /// With the office's leave (`handover: {sms_link: true}`) and a public address, the 交办 text
    /// carries the unit's own link; without either, it only says to use the link.
    @Test func theAssignmentTextCarriesTheUnitsLinkWhenTheOfficeAllowsIt() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("survey-smslink-\(UUID().uuidString)").path
        let gateway = try fakeGateway(in: base)
        let office = base + "-office.yaml"
        defer { for path in [gateway.command, gateway.log, office] { try? FileManager.default.removeItem(atPath: path) } }
        let shipped = try String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("Surveys/office.yaml"), encoding: .utf8)
        try shipped.replacingOccurrences(of: "handover: {prefix: 东政服交}", with: "handover: {prefix: 东政服交, sms_link: true}")
            .write(toFile: office, atomically: true, encoding: .utf8)
        let publicURL = "http://10.20.30.40:8080"
        let server = try sampleServer(
            gateway: gateway.command, units: "区市场监管局,钱科长,13833334444\n", arguments: ["--office", office, "--public-url", publicURL])
        let token = try #require(
            try String(contentsOfFile: server.dataDirectory + "/links.csv", encoding: .utf8).components(separatedBy: "unit.html#").last?
                .trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-06-30").status == 0)
        try waitForRecords(server, count: 1)
        let text = lines(gateway.log).compactMap { $0["text"] as? String }.first { $0.contains("已交办贵单位") } ?? ""
        #expect(text.contains("\(publicURL)/unit.html#\(token)"), "\(text)")

        // The shipped office file does not allow it: the text names no link.
        let plain = try sampleServer(gateway: gateway.command, units: "区财政局,王会计,13855556666\n", arguments: ["--public-url", publicURL])
        #expect(try plain.cli("rectify", "assign", "21", "--unit", "区财政局", "--measure", "退费", "--deadline", "2099-06-30").status == 0)
        try waitForRecords(plain, count: 1)
        let other = lines(gateway.log).compactMap { $0["text"] as? String }.first { $0.contains("已交办贵单位") && $0.contains("第 21 项") } ?? ""
        #expect(other.contains("单位链接") && !other.contains("unit.html#"), "\(other)")
    }

    /// A token issued for someone else goes to their phone, never to the one who asked: the 管理员
    /// who makes or reissues a leader with a phone sees no token, the leader gets it by text, and the
    /// text's log hides it. Without a phone it is shown, to be handed over, as before.
    @Test func aTokenIssuedForSomeoneElseGoesToTheirPhone() throws {
        let gateway = try fakeGateway(in: FileManager.default.temporaryDirectory.appendingPathComponent("survey-sms-\(UUID().uuidString)").path)
        defer { for path in [gateway.command, gateway.log] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--sms-command", gateway.command])
        let made = try server.cli("staff", "add", "李局", "--role", "leader", "--phone", "13800001234")
        #expect(made.status == 0 && made.output.contains("138****1234") && !made.output.contains("令牌（只显示这一次"), "\(made.output) \(made.error)")
        try waitForRecords(server, count: 1)
        let texted = try #require(lines(gateway.log).first)
        let token = try #require((texted["text"] as? String)?.firstMatch(of: /令牌为 ([0-9a-f]{32})/)?.1).description
        #expect(texted["kind"] as? String == "token" && texted["phone"] as? String == "13800001234")
        // The leader has it: renewing it with itself works, and only then may it sign off.
        let file = server.dataDirectory + "/li.token"
        try (token + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try server.cli("staff", "reissue", "李局", "--token-file", file, "--token-out", file).status == 0)
        // The 管理员 reissues it: again by text only, and the old token stops.
        let again = try server.cli("staff", "reissue", "李局")
        #expect(again.status == 0 && again.output.contains("138****1234"), "\(again.output) \(again.error)")
        #expect(try server.cli("rectify", "list", "--token-file", file).status != 0)
        try waitForRecords(server, count: 2)
        let log = try server.cli("sms").output
        #expect(log.contains("李局") && log.contains("（已隐去）") && !log.contains(token), "\(log)")
        #expect(try server.cli("staff", "add", "王科员", "--role", "office").output.contains("只显示这一次"), "no phone: shown, to hand over")
        #expect(try server.cli("staff", "add", "赵局", "--role", "leader", "--phone", "call me").error.contains("手机号"))
    }
}

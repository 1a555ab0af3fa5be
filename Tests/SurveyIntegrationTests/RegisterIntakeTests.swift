import Foundation
import SurveyCore
import Testing

/// One 台账 for every channel: problems entered by hand, leads verified before they count, 时限 in
/// working days. Through the CLI against the running server.
@Suite(.serialized)
struct RegisterIntakeTests {
    /// How many rows `rectify list` shows.
    func rowCount(_ server: ServerProcess) throws -> String? {
        try server.cli("rectify", "list").output.split(whereSeparator: \.isNewline).last.map(String.init)
    }

    @Test func problemsFromOtherChannelsEnterTheRegisterAndTheReport() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let ticket = try server.cli(
            "rectify", "add", "--source", "12345热线", "--text", "企业反映办理施工许可排队时间长、多次往返", "--item", "R10", "--ref", "GD20251201-0042",
            "--raised", "2025-12-01")
        #expect(ticket.status == 0, "\(ticket.error)")
        #expect(ticket.output.contains("已登记为第 42 项（12345热线（2025-12-01，编号 GD20251201-0042））：待核实"), "\(ticket.output)")
        let own = try server.cli("rectify", "add", "--source", "自查发现", "--text", "深入推进“放管服”改革的招法还有欠缺", "--item", "2")
        #expect(own.output.contains("已登记为第 43 项") && own.output.contains("：待交办"), "\(own.output)\(own.error)")
        // The same ticket entered again is not doubled.
        let again = try server.cli(
            "rectify", "add", "--source", "12345热线", "--text", "企业反映办理施工许可排队时间长、多次往返", "--item", "R10", "--ref", "GD20251201-0042",
            "--raised", "2025-12-01")
        #expect(again.status == 0 && again.output.contains("已在整改台账中：第 42 项"), "\(again.output)")
        // The same 工单号 on another day is the same ticket, not a new row.
        let retyped = try server.cli(
            "rectify", "add", "--source", "12345热线", "--text", "施工许可排队长", "--item", "R10", "--ref", "GD20251201-0042")
        #expect(retyped.output.contains("已在整改台账中：第 42 项"), "\(retyped.output)")
        let list = try server.cli("rectify", "list")
        #expect(list.output.contains("共 43 项"))
        #expect(list.output.contains("43\t自查发现（"), "\(list.output)")
        let report = try server.cli("report", "--format", "md")
        #expect(report.status == 0, "\(report.error)")
        #expect(report.output.contains("问题43：深入推进“放管服”改革的招法还有欠缺（来源：自查发现）；整改措施：待制定；整改情况：待交办。"))
        #expect(report.output.contains("线索42：企业反映办理施工许可排队时间长、多次往返（来源：12345热线，编号GD20251201-0042）；正在核实。"))
        // 14 concentrated problems and the self-found one; 27 case leads and the ticket are being checked.
        #expect(report.output.contains("整改台账共列入问题15个，其中监督员问卷集中问题14个、自查发现1个。另有线索28条正在核实，未计入问题。"), "\(report.output)")
        let history = try server.cli("audit")
        #expect(history.output.contains("登记问题") && history.output.contains("[自查发现] 深入推进"), "\(history.output)")
    }

    @Test func badEntriesAreNamedAndNothingIsStored() throws {
        let server = try ServerProcess(demoRoster: 0)
        _ = try server.importUnits(["区市场监管局,张三,13800000001"])
        let source = try server.cli("rectify", "add", "--source", "微信群", "--text", "收费不规范", "--item", "R08")
        #expect(source.status != 0 && source.error.contains("unknown_source") && source.error.contains("问题来源“微信群”不是办公室文件所列渠道之一"), "\(source.error)")
        let unit = try server.cli("rectify", "add", "--source", "好差评", "--text", "窗口态度差", "--item", "R10", "--unit", "区不存在局")
        #expect(unit.status != 0 && unit.error.contains("单位“区不存在局”不在责任单位名单中"), "\(unit.error)")
        let item = try server.cli("rectify", "add", "--source", "好差评", "--text", "窗口态度差", "--item", "R99")
        #expect(item.status != 0 && item.error.contains("没有自查项“R99”"), "\(item.error)")
        let future = try server.cli("rectify", "add", "--source", "好差评", "--text", "窗口态度差", "--item", "R10", "--raised", "2999-01-04")
        #expect(future.status != 0 && future.error.contains("晚于今天"), "\(future.error)")
        let empty = try server.cli("rectify", "add", "--source", "好差评", "--text", "  ", "--item", "R10")
        #expect(empty.status != 0 && empty.error.contains("问题描述不能为空"), "\(empty.error)")
        #expect(try rowCount(server) == "共 0 项。")
        #expect(try server.count("SELECT COUNT(*) FROM rectification_items") == 0)
    }

    @Test func aLeadIsVerifiedBeforeItCounts() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        // Row 5 is a concentrated problem, not a lead; row 20 is a supervisor's case, a lead.
        let notLead = try server.cli("rectify", "verify", "5", "--result", "属实", "--note", "核实")
        #expect(notLead.status != 0 && notLead.error.contains("第 5 项不是待核实的线索"), "\(notLead.error)")
        #expect(try server.cli("rectify", "list").output.contains("\t待核实（逾期）\n"), "a lead raised weeks ago and not yet verified")
        let early = try server.cli("rectify", "done", "20", "--evidence", "退费凭证", "--reason", "当场退费")
        #expect(early.status != 0 && early.error.contains("第 20 项是待核实的线索，须先核实"), "\(early.error)")
        let badResult = try server.cli("rectify", "verify", "20", "--result", "大概属实", "--note", "核实")
        #expect(badResult.status != 0 && badResult.error.contains("核实结果“大概属实”无效"), "\(badResult.error)")
        let untrue = try server.cli("rectify", "verify", "20", "--result", "不属实", "--note", "经核查为依法收取的工本费")
        #expect(untrue.status == 0 && untrue.output.contains("经核实不属实（已办结）"), "\(untrue.output)\(untrue.error)")
        let closed = try server.cli("rectify", "assign", "20", "--unit", "区市场监管局", "--measure", "退费", "--deadline", "2099-06-30")
        #expect(closed.status != 0 && closed.error.contains("经核实不属实，已办结"), "\(closed.error)")
        #expect(try server.cli("rectify", "verify", "21", "--result", "属实", "--note", "经现场核实").output.contains("：待交办"))
        let report = try server.cli("report", "--format", "md").output
        // 14 concentrated problems and the lead found true; row 20 stays in the 台账 with its reason.
        #expect(report.contains("整改台账共列入问题15个，其中监督员问卷集中问题14个、监督员反映个案1个。另有线索25条正在核实、1条经核实不属实，未计入问题。"), "\(report)")
        #expect(report.contains("待核实线索25条、经核实不属实线索1条，不计入整改率。"))
        #expect(try server.cli("rectify", "list", "--status", "待核实").output.contains("共 25 项"))
        #expect(try server.cli("rectify", "list", "--status", "unfounded").output.contains("共 1 项"))
        #expect(report.contains("| 20 | 个案线索") && report.contains("经核实不属实（已办结）"))
        let history = try server.cli("rectify", "history", "20").output
        #expect(history.contains("核实结果\t待核实 → 不属实"), "\(history)")
    }

    /// The Beijing day `offset` days from today.
    static func day(_ offset: Int) -> String { Day.string(Date().addingTimeInterval(Double(offset) * 86_400)) }

    /// A holiday file holding `years`, with days `from`…`to` off (a made-up 法定节假日).
    func holidays(years: [Int], off: (from: String, to: String)?, in directory: String) throws -> String {
        let path = directory + "-holidays.yaml"
        var text = "years:\n"
        for year in years {
            text += "  - year: \(year)\n    source: 测试用节假日安排\n    holidays: ["
            if let off, off.from.hasPrefix(String(year)) { text += "\(off.from)..\(off.to)" }
            text += "]\n    workdays: []\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func deadlinesAreWorkingDaysOnTheHolidayCalendar() throws {
        let today = Self.day(0)
        let year = Int(today.prefix(4))!
        // Three days off from the day after tomorrow; in a year's last days they fall into the next.
        let off = (from: Self.day(2), to: Self.day(4))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-holidays-\(UUID().uuidString)").path
        let file = try holidays(years: [year, year + 1], off: off, in: directory)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let server = try ServerProcess(demoRoster: 0, arguments: ["--holidays", file])
        #expect(try server.cli("rectify", "add", "--source", "自查发现", "--text", "涉企检查计划未公开", "--item", "R16").status == 0)
        // The test counts for itself: five days that are neither weekend nor the days off.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Day.zone
        func isWorkingDay(_ offset: Int) -> Bool {
            let date = Date().addingTimeInterval(Double(offset) * 86_400)
            let weekday = calendar.component(.weekday, from: date)
            return weekday != 1 && weekday != 7 && !(2...4).contains(offset)
        }
        let fifth = (1...30).filter(isWorkingDay)[4]
        let assigned = try server.cli("rectify", "assign", "1", "--unit", "区市场监管局", "--measure", "公开年度检查计划", "--deadline", "5工作日")
        #expect(assigned.status == 0, "\(assigned.error)")
        let list = try server.cli("rectify", "list").output
        #expect(list.contains("\t\(Self.day(fifth))（5个工作日）\t已交办"), "\(list)")
        // A day off is refused, naming the next working day.
        let saturday = (1...7).first { calendar.component(.weekday, from: Date().addingTimeInterval(Double($0) * 86_400)) == 7 }!
        let monday = (saturday...saturday + 14).first(where: isWorkingDay)!
        let weekend = try server.cli("rectify", "measure", "1", "--measure", "公布检查结果", "--deadline", Self.day(saturday))
        #expect(weekend.status != 0 && weekend.error.contains("时限 \(Self.day(saturday)) 不是工作日，下一个工作日是 \(Self.day(monday))"), "\(weekend.error)")
        let holiday = try server.cli("rectify", "measure", "1", "--measure", "公布检查结果", "--deadline", off.from)
        #expect(holiday.status != 0 && holiday.error.contains("不是工作日"), "\(holiday.error)")
        #expect(try server.cli("rectify", "show", "1").output.contains("公开年度检查计划（时限 \(Self.day(fifth))"), "only the first measure")
    }

    @Test func aCountIntoAYearTheCalendarDoesNotHoldIsRefused() throws {
        let year = Int(Self.day(0).prefix(4))!
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-holidays-\(UUID().uuidString)").path
        let file = try holidays(years: [year + 1], off: nil, in: directory)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let server = try ServerProcess(demoRoster: 0, arguments: ["--holidays", file])
        #expect(try server.cli("rectify", "add", "--source", "自查发现", "--text", "涉企检查计划未公开", "--item", "R16").status == 0)
        let refused = try server.cli("rectify", "assign", "1", "--unit", "区市场监管局", "--measure", "公开检查计划", "--deadline", "10工作日")
        #expect(refused.status != 0 && refused.error.contains("节假日安排未收录 \(year) 年"), "\(refused.error)")
        #expect(try server.cli("rectify", "list").output.contains("\t—\t待交办"), "nothing stored")
    }

    static func fixture(_ name: String) -> String {
        ServerProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/" + name).path
    }

    /// The rows a server lists, without the header and the count.
    func listedRows(_ server: ServerProcess) throws -> [Substring] {
        try server.cli("rectify", "list").output.split(whereSeparator: \.isNewline).dropFirst().dropLast()
    }

    /// An office's Excel 台账 (a merged title row, real date cells) and the same 台账 as a GB18030 CSV
    /// (dates written 2023年3月31日) import to the same 20 rows; a second import doubles nothing.
    @Test func anExistingRegisterImportsFromExcelAndFromAGB18030CSV() throws {
        let fromExcel = try ServerProcess(demoRoster: 0)
        let imported = try fromExcel.cli("rectify", "import", Self.fixture("register-20.xlsx"))
        #expect(imported.status == 0 && imported.output.contains("已导入 20 项（第 1—20 项，其中待核实线索 8 项）"), "\(imported.output)\(imported.error)")
        let again = try fromExcel.cli("rectify", "import", Self.fixture("register-20.xlsx"))
        #expect(again.output.contains("已导入 0 项；20 行已在台账中，未重复导入"), "\(again.output)\(again.error)")
        let rows = try listedRows(fromExcel)
        #expect(rows.count == 20)
        #expect(rows.first == "1\t人大审议意见（\(Self.day(0))，编号 1）\tR02 制定实施政策措施\t深入推进“放管服”改革的招法还有欠缺\t区发展改革委\t2023-03-31\t整改中（逾期）")
        #expect(rows[4].hasSuffix("\t2023-03-31\t已整改"), "完成情况 已完成: \(rows[4])")
        #expect(rows[1].hasSuffix("已交办（待核实）（逾期）"), "企业走访 brings leads: \(rows[1])")
        let fromCSV = try ServerProcess(demoRoster: 0)
        let csv = try fromCSV.cli("rectify", "import", Self.fixture("register-20-gb18030.csv"))
        #expect(csv.status == 0 && csv.output.contains("已导入 20 项"), "\(csv.output)\(csv.error)")
        #expect(try listedRows(fromCSV) == rows)
    }

    @Test func aBrokenRegisterNamesEveryBadRowAndImportsNothing() throws {
        let server = try ServerProcess(demoRoster: 0)
        _ = try server.importUnits(["区政务服务办,张三,13800000001", "区市场监管局,李四,13800000002"])
        let broken = try server.cli("rectify", "import", Self.fixture("register-broken.csv"))
        #expect(broken.status != 0)
        for expected in [
            "错误（invalid_entry）：导入的台账有误，未导入任何一行", "第 3 行：问题来源“微信群”不是办公室文件所列渠道之一", "第 4 行：“存在问题”列为空",
            "第 5 行：“完成时限”列“明年三月”不是日期", "第 5 行：没有自查项“R99”", "第 5 行：单位“区不存在局”不在责任单位名单中",
        ] {
            #expect(broken.error.contains(expected), "\(expected): \(broken.error)")
        }
        let noColumn = try server.cli("rectify", "import", Self.fixture("register-no-problem-column.xlsx"))
        #expect(noColumn.status != 0 && noColumn.error.contains("未找到表头：须有“问题描述”（或“存在问题”）列"), "\(noColumn.error)")
        let xls = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID().uuidString).xls").path
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(to: URL(fileURLWithPath: xls))
        defer { try? FileManager.default.removeItem(atPath: xls) }
        #expect(try server.cli("rectify", "import", xls).error.contains("旧版 Excel（.xls）"))
        #expect(try server.count("SELECT COUNT(*) FROM rectification_items") == 0)
    }

    /// The leader who signs off downloads the evidence by name or hash prefix, checked against its
    /// hash; the sign-off records which files were there.
    @Test func theSignerFetchesTheEvidenceAndTheSignOffRecordsIt() throws {
        let server = try ServerProcess(demoRoster: 0)
        let pdf = server.dataDirectory + "/整改报告.pdf"
        let bytes = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: pdf))
        let added = try server.cli("rectify", "add", "--source", "上级督查", "--text", "审批事项清单未及时更新", "--item", "R11", "--evidence", pdf)
        #expect(added.status == 0 && added.output.contains("已上传：整改报告.pdf"), "\(added.output)\(added.error)")
        let sha = TokenHasher.sha256Hex(Data(bytes))
        #expect(try server.cli("rectify", "show", "1").output.contains("SHA-256 \(sha)）"), "the whole hash")
        let copy = server.dataDirectory + "/copy.pdf"
        let byPrefix = try server.cli("rectify", "evidence-get", "1", String(sha.prefix(8)), "-o", copy)
        #expect(byPrefix.status == 0 && byPrefix.output.contains("已核对"), "\(byPrefix.error)")
        #expect(FileManager.default.contents(atPath: copy).map(Array.init) == bytes)
        #expect(try server.cli("rectify", "evidence-get", "1", "整改报告.pdf", "-o", copy).status == 0)
        let unknown = try server.cli("rectify", "evidence-get", "1", "abcdef12", "-o", copy)
        #expect(unknown.status != 0 && unknown.error.contains("没有名为或哈希以“abcdef12”开头的文件") && unknown.error.contains(sha), "\(unknown.error)")
        // The API takes a unique prefix of at least 8 hex digits too.
        let token = try server.adminToken()
        let fetched = try httpExchange(
            port: server.port, "GET /api/evidence/\(sha.prefix(8)) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        #expect(fetched.head.hasPrefix("HTTP/1.1 200") && fetched.body == String(decoding: bytes, as: UTF8.self), "\(fetched.head)")
        // Served to be saved, never shown in the browser, under its own name.
        let disposition = "content-disposition: attachment; filename=\"evidence.pdf\"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf"
        #expect(fetched.head.lowercased().contains(disposition.lowercased()), "\(fetched.head)")
        let leader = server.dataDirectory + "/leader-token"
        #expect(try server.addLeader("王科长", tokenFile: leader))
        #expect(try server.cli("rectify", "assign", "1", "--unit", "区政务服务办", "--measure", "更新清单", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "done", "1", "--reason", "已更新", "--evidence", "清单已更新").status == 0)
        let signed = try server.cli("rectify", "signoff", "1", "--reason", "无监督员可回访", "--token-file", leader)
        #expect(signed.output.contains("已销号"), "\(signed.error)")
        #expect(try server.cli("rectify", "history", "1").output.contains("销号时的佐证材料\t— → 整改报告.pdf \(sha)"))
    }

    /// 催办 by hand, and each unit's 考核 on the sample data, matching counts this test makes from
    /// the rows as the API lists them.
    @Test func unitsAreUrgedAndGraded() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let early = try server.cli("rectify", "urge", "5", "--note", "请尽快")
        #expect(early.status != 0 && early.error.contains("只能催办已交办、尚未整改完成的事项"), "\(early.error)")
        #expect(try server.cli("rectify", "urge", "4", "--note", "请于本周五前报送进展").status == 0)
        #expect(try server.cli("rectify", "urge", "4").status == 0)
        let shown = try server.cli("rectify", "show", "4").output
        #expect(shown.contains("催办：\(Self.day(0))：请于本周五前报送进展") && shown.contains("催办：\(Self.day(0))\n"), "\(shown)")
        #expect(try server.cli("rectify", "history", "4").output.contains("\t催办\t"))
        let token = try server.adminToken()
        let listed = try httpExchange(
            port: server.port, "GET /api/rectify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]])
        var expected: [String: [Int]] = [:]  // handed, on time, late, overdue, open, urges
        let today = Self.day(0)
        for row in rows {
            guard let unit = row["unit"] as? String, let status = row["status"] as? String, status != "identified",
                row["verification"] as? String != "unfounded"
            else { continue }
            var counts = expected[unit] ?? [0, 0, 0, 0, 0, 0]
            counts[0] += 1
            let deadline = row["deadline"] as? String ?? "9999-12-31"
            if status == "rectified" || status == "signed_off" {
                counts[(row["completedOn"] as? String ?? "") > deadline ? 2 : 1] += 1
            } else {
                counts[deadline < today ? 3 : 4] += 1
            }
            counts[5] += (row["urges"] as? [String])?.count ?? 0
            expected[unit] = counts
        }
        #expect(expected.count >= 3, "the sample hands rows to several units")
        let csv = server.dataDirectory + "/scores.csv"
        let exported = try server.cli("units", "scores", "-o", csv)
        #expect(exported.status == 0, "\(exported.error)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(FileManager.default.contents(atPath: csv)?.starts(with: [0xEF, 0xBB, 0xBF]) == true, "a BOM for Excel")
        #expect(lines.first?.first?.hasSuffix("责任单位") == true && lines.first?.last == "催办次数")
        for line in lines.dropFirst() {
            let counts = try #require(expected[line[0]], "\(line[0]) was handed nothing")
            #expect([line[1], line[2], line[3], line[4], line[5], line[9]].map { Int($0) } == counts.map { $0 }, "\(line)")
            let due = counts[1] + counts[2] + counts[3]
            #expect(line[6] == (due == 0 ? "—" : String(format: "%.1f%%", Double(counts[1]) * 100 / Double(due))), "\(line)")
        }
        #expect(lines.count - 1 == expected.count)
        let markdown = try server.cli("units", "scores").output
        #expect(markdown.contains("| 责任单位 | 交办 | 按期办结 |"), "\(markdown)")
        #expect(try server.cli("report", "--format", "md").output.contains("各责任单位办理情况："))
        let xlsx = server.dataDirectory + "/scores.xlsx"
        #expect(try server.cli("units", "scores", "-o", xlsx).status == 0)
        #expect(FileManager.default.contents(atPath: xlsx)?.starts(with: [0x50, 0x4B]) == true)
    }

    /// The 交办编号 is given at the first 交办 and kept through a 改派; the lead unit signs (签收) once,
    /// on its own connection, and a 改派 asks the new unit to sign anew.
    @Test func handoverNumbersAreKeptAndTheLeadUnitSigns() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let tokens = try server.importUnits(["区财政局,赵会计,0571-1234567", "区市场监管局,钱科长,13800000000"])
        let year = Self.day(0).prefix(4)
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--partner", "区市场监管局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区财政局", "--measure", "清理", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "show", "5").output.contains("整改时限：2099-06-30"))
        func number(_ row: Int) throws -> String? {
            try server.query { try $0.fetchOne(String.self, sql: "SELECT handover_number FROM rectification_items WHERE number = ?", arguments: [row]) }
        }
        #expect(try number(5) == "东政服交〔\(year)〕1号" && number(6) == "东政服交〔\(year)〕2号")
        // The partner may not sign; the lead may, once; a bad name is refused.
        let partner = try WebSocketTestClient(port: server.port)
        try partner.send(json: ["v": 1, "type": "unit_hello", "token": tokens["区市场监管局"]!])
        _ = try partner.receive(type: "unit_rows")
        try partner.send(json: ["v": 1, "type": "unit_receipt", "row": 5, "name": "钱科长"])
        let refused = try partner.receive(type: "error")
        #expect(refused["code"] as? String == "not_your_row" && refused["ref"] as? String == "unit_receipt", "\(refused)")
        let lead = try WebSocketTestClient(port: server.port)
        try lead.send(json: ["v": 1, "type": "unit_hello", "token": tokens["区财政局"]!])
        _ = try lead.receive(type: "unit_rows")
        try lead.send(json: ["v": 1, "type": "unit_receipt", "row": 5, "name": "  "])
        #expect(try lead.receive(type: "error")["code"] as? String == "bad_message")
        try lead.send(json: ["v": 1, "type": "unit_receipt", "row": 5, "name": "赵会计"])
        let ack = try lead.receive(type: "unit_ack")
        #expect(ack["ref"] as? String == "unit_receipt" && ack["row"] as? Int == 5)
        let signed = try lead.receive(type: "unit_rows")
        let row5 = (signed["rows"] as? [[String: Any]])?.first { $0["number"] as? Int == 5 }
        #expect(row5?["receiptName"] as? String == "赵会计" && row5?["handoverNumber"] as? String == "东政服交〔\(year)〕1号")
        try lead.send(json: ["v": 1, "type": "unit_receipt", "row": 5, "name": "赵会计"])
        #expect(try lead.receive(type: "error")["message"] as? String == "第 5 项已由赵会计于 \(Self.day(0)) 签收")
        #expect(try server.cli("rectify", "history", "5").output.contains("赵会计"))
        // 改派 keeps the number and asks the new lead to sign.
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区市场监管局", "--measure", "梳理", "--deadline", "2099-06-30", "--reason", "职责调整").status == 0)
        #expect(try number(5) == "东政服交〔\(year)〕1号")
        #expect(try server.count("SELECT COUNT(*) FROM rectification_items WHERE number = 5 AND receipt_name IS NULL") == 1)
        // The 交办单 of a row not yet handed over is refused; that of a handed row is printed.
        let none = try server.cli("rectify", "handover", "7", "-o", server.dataDirectory + "/x.docx")
        #expect(none.status != 0 && none.error.contains("第 7 项尚未交办，没有交办单"), "\(none.error)")
        let html = server.dataDirectory + "/handover.html"
        #expect(try server.cli("rectify", "handover", "--unit", "区财政局", "-o", html).output.contains("东政服交〔\(year)〕2号"))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("@page { size: A4 portrait") && page.contains("交办编号：东政服交〔\(year)〕2号") && page.contains("签收人：＿"))
        #expect(!page.contains("区市场监管局"), "区财政局's own rows only")
    }

    /// An evidence name that would display as another file (a right-to-left override) is refused with
    /// its own reason; an oversize file is named, with its size in MB.
    @Test func evidenceNamesThatMisleadAreRefused() throws {
        let server = try ServerProcess(demoRoster: 0, arguments: ["--max-evidence-mb", "1"])
        #expect(try server.cli("rectify", "add", "--source", "自查发现", "--text", "清单未更新", "--item", "R11").status == 0)
        let token = try server.adminToken()
        let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
        func upload(_ name: String, _ body: [UInt8]) throws -> (head: String, body: String) {
            let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let head =
                "POST /api/rectify/1/evidence?name=\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            return try httpExchange(port: server.port, String(decoding: Array(head.utf8) + body, as: UTF8.self))
        }
        let override = try upload("报告\u{202E}fdp.exe", pdf)
        #expect(override.head.hasPrefix("HTTP/1.1 400") && override.body.contains("双向文字控制符"), "\(override.body)")
        // A Windows path is refused; lws itself reduces "../../x.pdf" in a query to "x.pdf".
        for path in ["..\\..\\x.pdf", "a\\b.pdf"] {
            let traversal = try upload(path, pdf)
            #expect(traversal.head.hasPrefix("HTTP/1.1 400") && traversal.body.contains("路径"), "\(path): \(traversal.head.prefix(20)) \(traversal.body)")
        }
        let big = try upload("整改报告.pdf", pdf + [UInt8](repeating: 0x20, count: 1_200_000))
        #expect(big.head.hasPrefix("HTTP/1.1 413") && big.body.contains("文件“整改报告.pdf”大小 1.1 MB，超过上限 1 MB"), "\(big.head) \(big.body)")
        #expect(try server.count("SELECT COUNT(*) FROM evidence_files") == 0)
        #expect(try upload("整改报告.pdf", pdf).head.hasPrefix("HTTP/1.1 201"))
    }

    /// What a supervisor wrote about a case (区财政局拖欠…万元) is the office's alone: it never enters
    /// moderation, so `comments approve --all` cannot put it on the projector.
    @Test func caseDetailsNeverReachModeration() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("comments", "approve", "--all").status == 0)
        let token = try server.adminToken()
        let listed = try httpExchange(
            port: server.port, "GET /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]])
        let questions = Set(comments.compactMap { $0["question"] as? String })
        #expect(!comments.isEmpty && questions.isDisjoint(with: ["fees_detail", "major_issue_detail", "credit_detail"]), "\(questions)")
        #expect(try server.count("SELECT COUNT(*) FROM comment_moderation WHERE id LIKE '%:credit_detail' OR id LIKE '%:fees_detail'") == 0)
    }

    /// A survey's deadline closes it by itself: the open page is told at once, and `list` says so.
    @Test func aDeadlineClosesTheSurveyAndTellsOpenPages() throws {
        let server = try ServerProcess(demoRoster: 2)
        let (page, _) = try server.supervisor(0)
        let deadline = Timestamp.string(Date().addingTimeInterval(3))
        let launched = try server.cli(
            "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path, "--deadline", deadline)
        #expect(launched.status == 0, "\(launched.error)")
        _ = try page.receive(type: "survey")
        let closed = try page.receive(type: "closed")
        #expect(closed["survey"] as? String == "haocaiping-followup")
        #expect(try server.cli("list").output.contains("haocaiping-followup\t第 1 版\t已结束"))
    }

    /// A message a unit's connection may not send is refused with the `ref` the protocol promises:
    /// the submission's id for a `submit`, the type for the others.
    @Test func refusalsOnAUnitConnectionCarryTheirRef() throws {
        let server = try ServerProcess(demoRoster: 1)
        let tokens = try server.importUnits(["区财政局,赵会计,0571-1234567"])
        let page = try WebSocketTestClient(port: server.port)
        try page.send(json: ["v": 1, "type": "unit_hello", "token": tokens["区财政局"]!])
        _ = try page.receive(type: "unit_rows")
        try page.send(json: ["v": 1, "type": "followup_answer", "row": 1, "verdict": "satisfied"])
        #expect(try page.receive(type: "error")["ref"] as? String == "followup_answer")
        let id = UUID().uuidString.lowercased()
        try page.send(json: submitMessage(id: id))
        let refused = try page.receive(type: "error")
        #expect(refused["ref"] as? String == id && (refused["message"] as? String)?.contains("unit_receipt") == true, "\(refused)")
    }

    /// A projector link photographed in a meeting can be listed and revoked: its open screen is told
    /// and closed at once, and the link opens nothing afterwards.
    @Test func aProjectorLinkIsListedAndRevoked() throws {
        let server = try ServerProcess(demoRoster: 1)
        let made = try server.cli("projector", "link")
        let token = try #require(made.output.split(separator: "#p=").last?.split(separator: "\n").first.map(String.init))
        let id = try #require(made.output.split(separator: "链接编号：").last?.prefix(8).description)
        let listed = try server.cli("projector", "list").output
        #expect(listed.contains("\(id)\t") && listed.contains("共 1 个有效的投屏链接") && !listed.contains(token), "\(listed)")
        let screen = try WebSocketTestClient(port: server.port)
        try screen.send(json: ["v": 1, "type": "watch", "token": token])
        _ = try screen.receive(type: "snapshot")
        #expect(try server.cli("projector", "revoke", id).output.contains("已撤销投屏链接"))
        let told = try screen.receive(type: "error")
        #expect(told["code"] as? String == "bad_token" && screen.drainUntilClosed())
        let again = try WebSocketTestClient(port: server.port)
        try again.send(json: ["v": 1, "type": "watch", "token": token])
        #expect(try again.receive(type: "error")["code"] as? String == "bad_token")
        #expect(try server.cli("projector", "list").output.contains("共 0 个"))
        let unknown = try server.cli("projector", "revoke", "abcdef12")
        #expect(unknown.status != 0 && unknown.error.contains("没有编号为“abcdef12”的投屏链接"))
    }
}

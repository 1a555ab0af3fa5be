import Foundation
import Testing

/// What an outside tester found at the edges of the admin API's transport and the CLI.
@Suite struct AdminOutsideFindingsTests {
    @Test func theCLIPrintsTheDocumentedErrorCode() throws {
        let server = try ServerProcess(demoRoster: 2)
        let closed = try server.cli("close", "no-such-survey")
        #expect(closed.status != 0)
        #expect(closed.error.contains("unknown_survey"), "\(closed.error)")
    }

    /// lws ends a decoded query argument at a control character, so the server would judge the name
    /// cut short ("a"); the CLI names the real problem before it sends anything.
    @Test func anEvidenceNameWithANewlineIsRefusedForTheNewline() throws {
        let server = try ServerProcess(demoRoster: 1, sampleData: true)
        let file = server.dataDirectory + "/纪要\n第二页.pdf"
        try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: file))
        let refused = try server.cli("rectify", "evidence", "2", file)
        #expect(refused.status != 0 && refused.error.contains("控制字符"), "\(refused.error)")
        let entered = try server.cli("rectify", "add", "--source", "自查发现", "--text", "窗口指南未更新", "--item", "R10", "--evidence", file)
        #expect(entered.status != 0 && entered.error.contains("控制字符") && entered.error.contains("未登记"), "\(entered.error)")
    }

    /// Query values are encoded whole: a name with ; + & = or # reaches the server as it is.
    @Test func evidenceNamesWithQuerySeparatorsKeepTheirName() throws {
        let server = try ServerProcess(demoRoster: 1, sampleData: true)
        for (index, name) in ["semi;colon.pdf", "plus+x.pdf", "a&b=c#d.pdf"].enumerated() {
            let file = server.dataDirectory + "/" + name
            try Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%\(index)\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: file))
            let uploaded = try server.cli("rectify", "evidence", "2", file)
            #expect(uploaded.status == 0 && uploaded.output.contains("已上传：\(name)"), "\(name): \(uploaded.output)\(uploaded.error)")
        }
    }

    @Test func aMissingRowIsAnErrorNotAUsageMistake() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let shown = try server.cli("rectify", "show", "9999")
        #expect(shown.status == 1, "\(shown.status): \(shown.error)")
        #expect(shown.error.contains("9999") && !shown.error.contains("Usage"), "\(shown.error)")
    }

    /// A survey named for comments must exist: a typo is not "0 approved".
    @Test func commentsOfAnUnknownSurveyAreAnError() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        for command in [["comments", "approve", "--all", "--survey", "nosuch"], ["comments", "list", "--survey", "nosuch"]] {
            let result = try server.cli(command)
            #expect(result.status == 1, "\(command): \(result.output)")
            #expect(result.error.contains("unknown_survey") && result.error.contains("nosuch"), "\(command): \(result.error)")
        }
    }

    /// A row nobody changed says so, and a row that does not exist is named as in `rectify show`.
    @Test func aRowsHistorySaysWhenThereIsNone() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let untouched = try #require(
            try server.query {
                try $0.fetchOne(
                    Int.self,
                    sql: "SELECT MIN(number) FROM rectification_items WHERE key NOT IN (SELECT key FROM rectification_changes)")
            })
        let history = try server.cli("rectify", "history", String(untouched))
        #expect(history.status == 0 && history.output.contains("还没有变更记录"), "\(history.output)")
        // A step taken with the shared admin token is recorded as 管理员, like every other action.
        #expect(try server.cli("rectify", "assign", String(untouched), "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        #expect(try server.cli("rectify", "history", String(untouched)).output.contains("管理员\t牵头单位"))
        let status = try server.cli("rectify", "list", "--status", "bogus")
        #expect(status.status == 1 && status.error.contains("待交办（identified）"), "\(status.error)")
        let missing = try server.cli("rectify", "history", "999")
        #expect(missing.status == 1 && missing.error.contains("整改清单中没有第 999 项"), "\(missing.error)")
    }

    /// A refused step names the field that is wrong, not a list of everything that might be.
    @Test func aBadRectifyStepNamesWhatIsWrong() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let category = try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30", "--category", "马上办")
        #expect(category.status == 1)
        #expect(category.error.contains("整改类别“马上办”无效，应为 立行立改、限期整改、长期坚持 之一"), "\(category.error)")
        let token = try server.adminToken()
        let missing = try httpExchange(
            port: server.port,
            "POST /api/rectify/5 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 41\r\nConnection: close\r\n\r\n"
                + #"{"action":"assign","unit":"区财政局"}"#)
        #expect(missing.body.contains("整改措施（measure）") && missing.body.contains("时限（deadline）"), "\(missing.body)")
    }

    @Test func anUnsupportedMethodIsNamedWithItsPath() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        for method in ["DELETE", "PUT"] {
            let reply = try httpExchange(
                port: server.port,
                "\(method) /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(reply.head.hasPrefix("HTTP/1.1 404"), "\(reply.head)")
            #expect(reply.body.contains("\(method) /api/surveys"), "\(reply.body)")
        }
    }

    @Test func aNegativeLimitIsNamedAsOutOfRange() throws {
        let server = try ServerProcess(demoRoster: 1)
        for command in ["audit", "sms"] {
            let listed = try server.cli(command, "--limit", "-1")
            #expect(listed.status != 0)
            #expect(listed.error.contains("10000"), "\(command): \(listed.error)")
        }
    }

    /// The sample answers were delivered as real ones are: status does not show 277 answers from
    /// surveys nobody received.
    @Test func theSampleAnswersWerePushedReceivedAndOpened() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let status = try server.cli("status", "annual-2022")
        #expect(status.output.contains("合计\t277\t277\t277\t277\t277\t100.0%"), "\(status.output)")
    }

    @Test func theSampleLinksPointAtThePortTheServerListensOn() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let sheet = try String(contentsOfFile: server.dataDirectory + "/demo-links.csv", encoding: .utf8)
        let links = sheet.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").last }
        #expect(links.count == 277)
        #expect(links.allSatisfy { $0.hasPrefix("http://127.0.0.1:\(server.port)/#t=") }, "\(links.first ?? "")")
    }

    // From a second outside tester: files with personal data, the 交办单's office, the units sheet.

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test(.sqliteFile) func backupsAndExportsAreOwnerOnly() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let backup = server.dataDirectory + "/../backup-\(UUID().uuidString).sqlite"
        #expect(try server.cli("backup", backup).status == 0)
        #expect(try Self.mode(backup) == 0o600)
        let export = server.dataDirectory + "/../export-\(UUID().uuidString).csv"
        #expect(try server.cli("export", "annual-2022", "-o", export).status == 0)
        #expect(try Self.mode(export) == 0o600)
    }

    @Test func theAssignmentSheetNamesTheOfficeOfTheOfficeFile() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("rectify", "assign", "6", "--unit", "区市场监管局", "--measure", "清理", "--deadline", "2099-06-30").status == 0)
        let sheet = server.dataDirectory + "/../sheet-\(UUID().uuidString).html"
        #expect(try server.cli("rectify", "export", "--unit", "区市场监管局", "--format", "html", "-o", sheet).status == 0)
        let html = try String(contentsOfFile: sheet, encoding: .utf8)
        #expect(html.contains("东丽区政务服务办公室"), "the office named in Surveys/office.yaml")
    }

    @Test func theUnitsLinkSheetOpensInExcel() throws {
        let server = try ServerProcess(demoRoster: 1)
        let units = server.dataDirectory + "/units.csv"
        try "单位\n区财政局\n".write(toFile: units, atomically: true, encoding: .utf8)
        let links = server.dataDirectory + "/unit-links.csv"
        #expect(try server.cli("units", "import", units, "--links-out", links, "--allow-loopback").status == 0)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: links)).prefix(3)) == [0xEF, 0xBB, 0xBF], "a BOM, as on the other sheets")
    }

    @Test func theStatusFilterTakesTheNamesTheListPrints() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let byLabel = try server.cli("rectify", "list", "--status", "已销号")
        #expect(byLabel.status == 0, "\(byLabel.error)")
        #expect(byLabel.output == (try server.cli("rectify", "list", "--status", "signed_off")).output)
    }

    /// 主送, 落款 and 成文日期 as the office gives them, in every format.
    @Test func theRecipientIssuerAndDateGoIntoEveryFormat() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("report", "--date", "2023-02-30").error.contains("--date 应为 2023-01-10 这样的日期"))
        for format in ["md", "html"] {
            let file = server.dataDirectory + "/../report-\(UUID().uuidString).\(format)"
            let made = try server.cli(
                "report", "--format", format, "--recipient", "测试主送机关", "--issuer", "测试落款单位", "--date", "2023-01-10", "-o", file)
            #expect(made.status == 0, "\(made.error)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("测试主送机关") && text.contains("测试落款单位") && text.contains("2023年1月10日"), "\(format)")
            // The title names the issuer too, not only the 落款.
            #expect(text.contains("测试落款单位关于2022年度优化营商环境工作情况的自查报告") && !text.contains("东丽区政务服务办公室关于"), "\(format)")
        }
    }

    /// Installed as `make install` lays it out (bin/survey, share/survey/Surveys), run from any
    /// directory: sample data and the offline report find the shipped files, as `serve` does.
    @Test func anInstalledCommandFindsItsShippedFilesFromAnyDirectory() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("survey-prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let files = FileManager.default
        try files.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try files.createDirectory(at: prefix.appendingPathComponent("share/survey"), withIntermediateDirectories: true)
        try files.copyItem(atPath: ServerProcess.binary, toPath: prefix.appendingPathComponent("bin/survey").path)
        try files.copyItem(
            at: ServerProcess.repositoryRoot.appendingPathComponent("Surveys"), to: prefix.appendingPathComponent("share/survey/Surveys"))
        let elsewhere = prefix.appendingPathComponent("work")
        try files.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = prefix.appendingPathComponent("bin/survey")
            process.arguments = arguments
            process.currentDirectoryURL = elsewhere
            let error = Pipe()
            process.standardError = error
            process.standardOutput = Pipe()
            try process.run()
            let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let sample = try run(["sample-data", "--data", "demo"])
        #expect(sample.0 == 0, "\(sample.1)")
        let report = try run(["report", "--format", "md", "--db", "demo/survey.sqlite", "-o", "report.md"])
        #expect(report.0 == 0, "\(report.1)")
    }
}

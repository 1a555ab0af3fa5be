import Foundation
import Testing

/// A command that cannot do its work (a file missing, a server in the way) says so in one Chinese
/// line and exits 1; the usage lines (in Chinese too) are kept for mistakes in the arguments.
@Suite struct CommandFailureTests {
    static func expectPlainFailure(_ arguments: [String], naming fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try ServerProcess.run(arguments)
        #expect(result.status == 1, "\(arguments): exit \(result.status)", sourceLocation: sourceLocation)
        #expect(result.error.hasPrefix("错误："), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.contains(fragment), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(!result.error.contains("Usage") && !result.error.contains("Error:"), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
    }

    @Test func aMissingFileIsNamedWithoutUsageLines() throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)").path
        try Self.expectPlainFailure(["report", "--db", nowhere + "/survey.db"], naming: nowhere)
        try Self.expectPlainFailure(["backup", nowhere + ".sqlite", "--data", nowhere], naming: nowhere)
        try Self.expectPlainFailure(["copy-store", "--data", nowhere, "--to", "postgres://survey@127.0.0.1:1/x"], naming: nowhere)
        // A file that is not there is said to be missing, not unreadable or of the wrong kind.
        try Self.expectPlainFailure(["restore", nowhere + ".sqlite", "--data", nowhere], naming: "找不到备份文件 \(nowhere).sqlite")
        try Self.expectPlainFailure(["selfcheck", "set", "R05", "--text", nowhere + ".txt", "--data", nowhere], naming: "找不到文件 \(nowhere).txt")
        try Self.expectPlainFailure(["rectify", "evidence", "5", nowhere + ".pdf", "--data", nowhere], naming: "找不到文件 \(nowhere).pdf")
        try Self.expectPlainFailure(["units", "import", FileManager.default.temporaryDirectory.path, "--data", nowhere], naming: "是目录")
    }

    @Test func aRunningServerInTheWayIsNamedWithoutUsageLines() throws {
        let server = try ServerProcess(demoRoster: 1)
        // A node on PostgreSQL points to pg_restore instead.
        try Self.expectPlainFailure(
            ["restore", server.dataDirectory + "/nothing.sqlite", "--data", server.dataDirectory], naming: testPostgresCluster == nil ? "正在使用" : "pg_restore")
        try Self.expectPlainFailure(["units", "import", server.dataDirectory + "/no-units.csv", "--data", server.dataDirectory], naming: "no-units.csv")
    }

    @Test(arguments: ["xlsx", "docx", "md"]) func aReportThatCannotBeWrittenIsNamedInChinese(format: String) throws {
        let server = try ServerProcess(demoRoster: 1)
        let nowhere = server.dataDirectory + "/no-such-folder/自查报告.\(format)"
        let result = try server.cli("report", "--format", format, "-o", nowhere)
        #expect(result.status == 1)
        #expect(result.error.contains(nowhere) && result.error.contains("目录不存在"), "\(result.error)")
        #expect(!result.error.contains("Error") && !result.error.contains("couldn"), "\(result.error)")
    }

    /// New links are shown once: a file they cannot be written to is refused before the server
    /// issues them, so the old links keep working and nothing is lost.
    @Test func aLinksFileThatCannotBeWrittenIsRefusedBeforeAnyLinkChanges() throws {
        let server = try ServerProcess(demoRoster: 2)
        let unitToken = try #require(try server.importUnits(["区财政局,赵会计,0571-1234567"])["区财政局"])
        let supervisor = try server.tokens()[0]
        let nowhere = server.dataDirectory + "/no-such-folder/links.csv"
        for command in [["units", "reissue", "区财政局", "--links-out", nowhere], ["roster", "links", "--reissue", supervisor.id, "--links-out", nowhere]] {
            let result = try server.cli(command)
            #expect(result.status == 1, "\(command): \(result.error)")
            #expect(result.error.contains("目录不存在"), "\(command): \(result.error)")
        }
        let unitPage = try WebSocketTestClient(port: server.port)
        try unitPage.send(json: ["v": 1, "type": "unit_hello", "token": unitToken])
        #expect(try unitPage.receiveJSON()["type"] as? String == "unit_rows", "the unit's link still works")
        _ = try WebSocketTestClient(port: server.port).hello(token: supervisor.token)
    }

    /// A links file that fails while being written, after the server issued the links, does not
    /// lose them: they are shown on the screen instead.
    @Test func linksThatCouldNotBeSavedAreShownRatherThanLost() throws {
        let server = try ServerProcess(demoRoster: 0)
        _ = try server.importUnits(["区财政局,赵会计,0571-1234567"])
        let sheet = server.dataDirectory + "/links.csv"
        // The folder is fine, but the temporary file beside the sheet cannot be made.
        try FileManager.default.createDirectory(atPath: sheet + ".part", withIntermediateDirectories: false)
        let result = try server.cli("units", "reissue", "区财政局", "--links-out", sheet)
        #expect(result.status == 1)
        #expect(result.error.contains("无法写入文件 \(sheet)"), "\(result.error)")
        let token = try #require(result.output.components(separatedBy: "/unit.html#").dropFirst().first?.prefix { !$0.isNewline }, "\(result.output)")
        let unitPage = try WebSocketTestClient(port: server.port)
        try unitPage.send(json: ["v": 1, "type": "unit_hello", "token": String(token)])
        #expect(try unitPage.receiveJSON()["type"] as? String == "unit_rows", "the link shown works")
    }

    /// A value found wrong once the command runs is named alone: not under the usage of the
    /// top-level command, which says nothing about it.
    @Test func aBadValueFoundWhileRunningIsNamedWithoutTheTopLevelUsage() throws {
        let file = ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path
        let result = try ServerProcess.run(["launch", file, "--deadline", "明天"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("错误：截止时间“明天”格式无效"), "\(result.error)")
        #expect(!result.error.contains("<子命令>") && !result.error.contains("<subcommand>"), "\(result.error)")
    }

    /// A survey kept outside `Surveys/` is checked against the review items `serve` would use,
    /// not passed with its item references unchecked.
    @Test func checkUsesTheReviewItemsServeWould() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("r99-\(UUID().uuidString).yaml").path
        try "id: t10\ntitle: 测试\nquestions:\n  - {id: a, type: yesno, title: 好吗, items: [R99]}\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try ServerProcess.run(["check", file])
        #expect(result.status == 1)
        #expect(result.error.contains("R99"), "\(result.output) \(result.error)")
    }

    /// An office, review-items or holiday file under another name is checked as what it is.
    @Test func checkKnowsAFileByItsContent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = ServerProcess.repositoryRoot.appendingPathComponent("Surveys")
        let expected = [("office.yaml", "dongli-office.yaml", "个监督员类别"), ("review-items.yaml", "自查项-2023.yaml", "个自查项"), ("holidays.yaml", "节假日.yaml", "年）")]
        for (original, renamed, passed) in expected {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(original), to: folder.appendingPathComponent(renamed))
            let result = try ServerProcess.run(["check", folder.appendingPathComponent(renamed).path])
            #expect(result.status == 0 && result.output.contains("通过（") && result.output.contains(passed), "\(renamed): \(result.output) \(result.error)")
        }
    }

    /// An office file away from the review items is still checked against them (those `serve`
    /// would use): a lead unit missing from its units list is an error, not a pass.
    @Test func anOfficeFileElsewhereIsCheckedAgainstTheReviewItems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("Surveys/office.yaml"), encoding: .utf8)
        let lines = shipped.split(separator: "\n", omittingEmptySubsequences: false)
        let file = folder.appendingPathComponent("dongli-office.yaml").path
        try lines.filter { $0.trimmingCharacters(in: .whitespaces) != "- 区政务服务办" }.joined(separator: "\n").write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try ServerProcess.run(["check", file])
        #expect(result.status == 1 && result.error.contains("牵头单位“区政务服务办”不在 units 中"), "\(result.output) \(result.error)")
    }

    /// A wrong `--server` is named in Chinese, with the hint that fits its cause.
    @Test func aWrongServerAddressIsExplained() throws {
        let token = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try "abc\n".write(toFile: token, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: token) }
        let refused = try ServerProcess.run(["list", "--server", "http://127.0.0.1:1", "--token-file", token])
        #expect(refused.status == 1 && refused.error.contains("连接被拒绝") && refused.error.contains("服务器是否在运行"), "\(refused.error)")
        for address in ["notaurl", "ftp://127.0.0.1:21", "http://[::1"] {
            let bad = try ServerProcess.run(["list", "--server", address, "--token-file", token])
            #expect(bad.status != 0 && bad.error.contains("服务器地址无效") && bad.error.contains("http://"), "\(address): \(bad.error)")
            #expect(!bad.error.contains("服务器是否在运行"), "\(address): \(bad.error)")
        }
        for result in [refused] { #expect(!result.error.contains("Failed") && !result.error.contains("Couldn't"), "\(result.error)") }
    }

    @Test func anArgumentMistakeStillShowsTheUsage() throws {
        let result = try ServerProcess.run(["status"])
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("错误：缺少参数 <survey>") && result.error.contains("用法：survey status"), "\(result.error)")
    }

    /// `-1` reads as an option to the parser; the message says what it is instead of "missing <序号>".
    @Test func aNegativeNumberIsNamedAsSuch() throws {
        for arguments in [["rectify", "show", "-1"], ["rectify", "history", "-2"]] {
            let result = try ServerProcess.run(arguments)
            #expect(result.status == 64)
            let value = arguments.last!
            #expect(result.error.hasPrefix("错误：“\(value)”不是有效的值：序号和数量须为正整数"), "\(result.error)")
            #expect(result.error.contains("用法：survey \(arguments[0])"), "\(result.error)")
        }
    }

    @Test func helpForACommandThatDoesNotExistIsAnError() throws {
        let bogus = try ServerProcess.run(["help", "rectify", "bogus"])
        #expect(bogus.status == 64 && bogus.error.hasPrefix("错误：没有名为“bogus”的命令"), "\(bogus.error)")
        let known = try ServerProcess.run(["help", "rectify", "show"])
        #expect(known.status == 0 && known.output.contains("用法：survey rectify show <序号>"), "\(known.output)")
        // Not a positive whole number: said so, in Chinese, before anything is asked of a server.
        for bad in ["0", "abc", "1.5"] {
            let refused = try ServerProcess.run(["rectify", "show", bad])
            #expect(refused.status == 64 && refused.error.contains("序号须为正整数") && !refused.error.contains("<row>"), "\(bad): \(refused.error)")
        }
    }
}

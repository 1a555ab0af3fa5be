import Foundation
import GRDB
import Testing

/// A server that cannot serve as asked says so in Chinese, exits non-zero and touches nothing.
@Suite(.serialized)
struct StartupRefusalTests {
    /// Runs `survey serve` to its end (it must exit by itself) and returns its status and output.
    static func serve(_ arguments: [String], host: String = "127.0.0.1") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.arguments =
            [
                "serve", "--host", host,
                "--web", ServerProcess.repositoryRoot.appendingPathComponent("Web").path,
                "--review-items", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/review-items.yaml").path,
            ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// A refusal is one Chinese `错误：` line, without ArgumentParser's English "Error:" prefix or
    /// a library's English message.
    static func expectChinese(_ result: (status: Int32, output: String), sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.output)", sourceLocation: sourceLocation)
        #expect(result.output.contains("错误："), "\(result.output)", sourceLocation: sourceLocation)
        #expect(!result.output.contains("Error") && !result.output.contains("SQLite error"), "\(result.output)", sourceLocation: sourceLocation)
    }

    static func emptyDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("survey-refusal-\(UUID().uuidString)").path
    }

    @Test func aPortInUseIsRefusedAndNothingIsWritten() throws {
        let running = try ServerProcess(demoRoster: 2)
        let other = Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        let result = try Self.serve(["--port", String(running.port), "--data", other, "--demo-roster", "5"])
        #expect(result.status != 0)
        #expect(result.output.contains("端口 \(running.port) 已被占用"), "\(result.output)")
        Self.expectChinese(result)
        #expect(!result.output.contains("服务器已启动"))
        #expect(!FileManager.default.fileExists(atPath: other), "nothing written, not even the data directory")
        #expect(Self.statusOK(port: running.port))
    }

    @Test func aSecondServerOnTheSameDataDirectoryIsRefused() throws {
        let running = try ServerProcess(demoRoster: 2)
        let info = try String(contentsOfFile: running.dataDirectory + "/server.json", encoding: .utf8)
        let result = try Self.serve(["--port", "0", "--data", running.dataDirectory])
        #expect(result.status != 0)
        #expect(result.output.contains("已有服务器在使用数据目录"), "\(result.output)")
        #expect(try String(contentsOfFile: running.dataDirectory + "/server.json", encoding: .utf8) == info)
        #expect(try running.cli("list").status == 0, "the CLI still finds the healthy server")
    }

    @Test(arguments: ["mysql://x@y/z", "host=127.0.0.1 user=survey", "data/other.sqlite"])
    func aStoreThatIsNoPostgreSQLAddressIsRefused(store: String) throws {
        let directory = Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.serve(["--port", "0", "--data", directory, "--store", store, "--district", "dongli"])
        #expect(result.status != 0)
        #expect(result.output.contains("--store 须为 postgres:// 地址"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before anything is written")
    }

    /// A --host that is no address of this machine is refused before anything is written, not
    /// announced as a server that listens nowhere.
    @Test(arguments: ["10.255.255.1", "nonsense.invalid", "127.1", "127.0.0.1 "]) func aHostThatIsNotThisMachineIsRefused(host: String) throws {
        let directory = Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.serve(["--port", "0", "--data", directory], host: host)
        Self.expectChinese(result)
        #expect(result.output.contains(host) && !result.output.contains("服务器已启动"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before anything is written")
    }

    @Test func aDistrictWithoutPostgreSQLIsRefused() throws {
        let directory = Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.serve(["--port", "0", "--data", directory, "--district", "dongli"])
        #expect(result.status != 0)
        #expect(result.output.contains("--district 只用于 PostgreSQL"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before anything is written")
    }

    @Test(.sqliteFile) func aDatabaseFromANewerVersionIsRefused() throws {
        let running = try ServerProcess(demoRoster: 2)
        running.stop()
        let queue = try DatabaseQueue(path: running.dataDirectory + "/survey.sqlite")
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        let before = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM admin_tokens") }
        try queue.close()
        let result = try Self.serve(["--port", "0", "--data", running.dataDirectory])
        #expect(result.status != 0)
        #expect(result.output.contains("v99-from-the-future"), "\(result.output)")
        Self.expectChinese(result)
        #expect(!result.output.contains("服务器已启动"))
        let after = try DatabaseQueue(path: running.dataDirectory + "/survey.sqlite").read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM admin_tokens") }
        #expect(before == after)
    }

    /// A file that is not a database where the database should be: named, in Chinese, and left as it is.
    @Test(.sqliteFile) func aDatabaseFileThatIsNoDatabaseIsNamed() throws {
        let directory = Self.emptyDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let junk = Data("这不是数据库\n".utf8)
        try junk.write(to: URL(fileURLWithPath: directory + "/survey.sqlite"))
        let result = try Self.serve(["--port", "0", "--data", directory])
        Self.expectChinese(result)
        #expect(result.output.contains(directory + "/survey.sqlite") && result.output.contains("不是 SQLite 数据库"), "\(result.output)")
        #expect(FileManager.default.contents(atPath: directory + "/survey.sqlite") == junk)
        for command in [["backup", directory + "/copy.sqlite"], ["report", "--format", "md", "--db", directory + "/survey.sqlite"]] {
            let offline = try ServerProcess.run(command + (command[0] == "backup" ? ["--data", directory] : []))
            Self.expectChinese((offline.status, offline.error))
            #expect(offline.error.contains("不是 SQLite 数据库"), "\(command): \(offline.error)")
        }
    }

    @Test func aSurveyFileWithErrorsIsRefusedBeforeAnythingIsWritten() throws {
        let directory = Self.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let survey = directory + "-bad.yaml"
        try "id: bad\ntitle: 坏问卷\nquestions:\n  - {id: q, type: essay, title: 说说}\n".write(toFile: survey, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: survey) }
        let result = try Self.serve(["--port", "0", "--data", directory, "--launch", survey])
        #expect(result.status == 1)
        #expect(result.output.contains("essay") && !result.output.contains("错误：/"), "file:line: 错误：… once: \(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before anything is written")
    }

    @Test func aReadOnlyDataDirectoryGetsAChineseError() throws {
        let directory = Self.emptyDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Root ignores permissions; a read-only place it cannot write is a path under a file.
        let blocked = getuid() == 0 ? "/proc/version/data" : directory + "/data"
        let result = try Self.serve(["--port", "0", "--data", blocked])
        #expect(result.status != 0)
        #expect(result.output.contains("无法创建数据目录") || result.output.contains("无法写入数据目录"), "\(result.output)")
    }

    static func statusOK(port: Int) -> Bool {
        (try? httpGet(port: port, path: "/healthz").head.contains(" 200")) == true
    }
}

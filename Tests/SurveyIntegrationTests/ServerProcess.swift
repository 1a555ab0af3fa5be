import Foundation

@testable import SurveyStore

/// Runs the real `survey serve` binary on a free loopback port with a fresh data directory, and
/// the `survey` CLI against it. Ends only the process it started, by its PID.
final class ServerProcess {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String {
        ProcessInfo.processInfo.environment["SURVEY_BIN"] ?? repositoryRoot.appendingPathComponent(".build/debug/survey").path
    }

    let dataDirectory: String
    let demoRoster: Int
    /// More `survey serve` options, e.g. limits.
    let extraArguments: [String]
    /// A command the server runs under (e.g. strace), or empty.
    let wrapper: [String]
    /// The server's standard error: in the data directory, or beside it when that is given (a disk
    /// the test fills must not swallow the log).
    let logPath: String
    /// The server's PostgreSQL database (a fresh one per server) when the suite runs on PostgreSQL
    /// (`SURVEY_TEST_POSTGRES` names the test cluster), or nil for the SQLite file.
    let store: String?
    /// The district (PostgreSQL schema) this node serves, if one is named.
    let district: String?
    /// Whether this server made its database (and drops it at the end), or shares another's.
    let ownsStore: Bool
    private var process: Process?
    private(set) var port = 0
    /// The server's own PID (the wrapper's child when there is a wrapper).
    private(set) var serverPID: Int32 = 0

    /// Starts a server with `demoRoster` invented supervisors, or on the sample dataset.
    /// `sharing` another server's PostgreSQL database makes this one a second node on it.
    init(
        demoRoster: Int = 60, sampleData: Bool = false, arguments: [String] = [], wrapper: [String] = [], dataDirectory: String? = nil,
        sharing other: ServerProcess? = nil, district: String? = nil
    ) throws {
        self.district = district
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("survey-test-\(UUID().uuidString)").path
        logPath =
            dataDirectory == nil
            ? self.dataDirectory + "/server.log"
            : FileManager.default.temporaryDirectory.appendingPathComponent("survey-log-\(UUID().uuidString).log").path
        self.demoRoster = demoRoster
        self.extraArguments = arguments
        self.wrapper = wrapper
        ownsStore = other == nil
        store = try other.map { $0.store } ?? ProcessInfo.processInfo.environment["SURVEY_TEST_POSTGRES"].map(Self.freshDatabase)
        if sampleData {
            let result = try cli("sample-data", "--survey", Self.repositoryRoot.appendingPathComponent("Surveys/annual-2022.yaml").path)
            guard result.status == 0 else { throw WebSocketTestClient.Failure(description: "sample-data failed: \(result.error)") }
        }
        try start()
    }

    deinit {
        stop()
        if let store, ownsStore { Self.dropDatabase(store) }
        try? FileManager.default.removeItem(atPath: dataDirectory)
        if !logPath.hasPrefix(dataDirectory + "/") { try? FileManager.default.removeItem(atPath: logPath) }
    }

    /// Starts (or restarts) the server on the same data directory, and waits until it listens.
    func start() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw WebSocketTestClient.Failure(description: "no survey binary at \(Self.binary); run `swift build` first")
        }
        try? FileManager.default.removeItem(atPath: dataDirectory + "/server.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper.first ?? Self.binary)
        process.arguments =
            wrapper.dropFirst() + (wrapper.isEmpty ? [] : [Self.binary]) + [
                "serve", "--host", "127.0.0.1", "--port", "0", "--data", dataDirectory, "--demo-roster", String(demoRoster),
                "--web", Self.repositoryRoot.appendingPathComponent("Web").path,
                "--review-items", Self.repositoryRoot.appendingPathComponent("Surveys/review-items.yaml").path,
            ] + storeArguments + extraArguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = try logHandle()
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: dataDirectory + "/server.json"),
                let info = try? JSONSerialization.jsonObject(with: data) as? [String: String],
                let pid = info["pid"].flatMap(Int32.init), wrapper.isEmpty ? pid == process.processIdentifier : pid != 0,
                let url = info["url"], let port = URL(string: url)?.port
            {
                self.port = port
                serverPID = pid
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw WebSocketTestClient.Failure(description: "server did not start; see \(logPath)")
    }

    /// `--store` and `--district` as this server was given them.
    var storeArguments: [String] { (store.map { ["--store", $0] } ?? []) + (district.map { ["--district", $0] } ?? []) }

    /// Creates an empty database on the test cluster at `cluster` and returns its URL.
    static func freshDatabase(on cluster: String) throws -> String {
        let name = "survey_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresConnection(url: cluster, schema: nil).executeScript("CREATE DATABASE \(name)")
        return cluster.replacingOccurrences(of: "/postgres", with: "/" + name)
    }

    /// Drops a database `freshDatabase` made, its connections included.
    static func dropDatabase(_ url: String) {
        guard let cluster = ProcessInfo.processInfo.environment["SURVEY_TEST_POSTGRES"], let name = url.split(separator: "/").last else { return }
        try? PostgresConnection(url: cluster, schema: nil).executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The server's log (its standard error) so far.
    func log() throws -> String {
        try String(contentsOfFile: logPath, encoding: .utf8)
    }

    /// Ends the server gracefully (SIGTERM) and waits for it.
    func stop() {
        guard let process, process.isRunning else { return }
        if serverPID > 0 { kill(serverPID, SIGTERM) } else { process.terminate() }
        process.waitUntilExit()
        self.process = nil
    }

    /// Ends the server at once with SIGKILL, as a power cut or crash would.
    func kill9() {
        guard let process, process.isRunning else { return }
        kill(serverPID > 0 ? serverPID : process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// The demo supervisors' (id, token) pairs.
    func tokens() throws -> [(id: String, token: String)] {
        let text = try String(contentsOfFile: dataDirectory + "/demo-links.csv", encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let id = header.firstIndex(of: "id")!
        let token = header.firstIndex(of: "token")!
        return lines.dropFirst().map { ($0[id], $0[token]) }
    }

    /// A connected, authenticated client for the supervisor at `index` of the roster.
    func supervisor(_ index: Int) throws -> (client: WebSocketTestClient, welcome: [String: Any]) {
        let client = try WebSocketTestClient(port: port)
        let welcome = try client.hello(token: try tokens()[index].token)
        return (client, welcome)
    }

    /// The admin token the server wrote at its first start.
    func adminToken() throws -> String {
        try String(contentsOfFile: dataDirectory + "/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a leader account (with the shared token) whose token, written to `tokenFile`, the leader
    /// has renewed himself, as one must before signing anything off. True when both steps worked.
    func addLeader(_ name: String, tokenFile: String) throws -> Bool {
        try cli("staff", "add", name, "--role", "leader", "--token-out", tokenFile).status == 0
            && cli("staff", "reissue", name, "--token-file", tokenFile, "--token-out", tokenFile).status == 0
    }

    /// Runs the `survey` CLI against this server's data directory.
    @discardableResult
    func cli(_ arguments: String...) throws -> (status: Int32, output: String, error: String) {
        try cli(arguments)
    }

    @discardableResult
    func cli(_ arguments: [String], withData: Bool = true) throws -> (status: Int32, output: String, error: String) {
        try Self.run(arguments + (withData ? ["--data", dataDirectory] : []) + (arguments.first == "sample-data" ? storeArguments : []))
    }

    /// Runs the `survey` binary with exactly these arguments.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Launches a survey file from `Surveys/` through the CLI.
    func launch(_ file: String) throws {
        let result = try cli("launch", Self.repositoryRoot.appendingPathComponent("Surveys/\(file)").path)
        guard result.status == 0 else { throw WebSocketTestClient.Failure(description: "launch failed: \(result.error)") }
    }

    private func logHandle() throws -> FileHandle {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let path = logPath
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        return handle
    }
}

import Foundation
import SurveyCore
import SurveyStore

/// The server's data directory: `survey.sqlite`, `admin-token` (0600), `server.json`, and for a
/// demo roster `demo-links.csv` (0600).
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    public var databasePath: String { path + "/survey.sqlite" }
    public var adminTokenPath: String { path + "/admin-token" }
    public var serverInfoPath: String { path + "/server.json" }
    public var demoLinksPath: String { path + "/demo-links.csv" }

    /// Creates the directory and database if needed, makes the admin token on first start, and
    /// invents `demoRosterSize` supervisors when the roster is empty.
    public func prepare(demoRosterSize: Int) throws -> SurveyDatabase {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = try SurveyDatabase(path: databasePath)
        if try !database.hasAdminToken() || !FileManager.default.fileExists(atPath: adminTokenPath) {
            let token = TokenHasher.makeToken()
            try writePrivate(token + "\n", to: adminTokenPath)
            try database.addAdminToken(hash: TokenHasher.hash(token), at: Date())
        }
        if demoRosterSize > 0, try database.roster().isEmpty {
            let supervisors = DemoRoster.make(count: demoRosterSize)
            let tokens = supervisors.map { _ in TokenHasher.makeToken() }
            try database.addSupervisors(zip(supervisors, tokens).map { ($0, TokenHasher.hash($1)) }, at: Date())
            var csv = "id,name,category,token\n"
            for (supervisor, token) in zip(supervisors, tokens) {
                csv += "\(supervisor.id),\(supervisor.name),\(supervisor.category.rawValue),\(token)\n"
            }
            try writePrivate(csv, to: demoLinksPath)
        }
        return database
    }

    /// The admin token written at first start.
    public func adminToken() throws -> String {
        try String(contentsOfFile: adminTokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Records where the running server listens, for the CLI on the same machine.
    public func writeServerInfo(url: String, pid: Int32) throws {
        let json = CanonicalJSON.string(["url": url, "pid": String(pid)])
        try json.write(toFile: serverInfoPath, atomically: true, encoding: .utf8)
    }

    /// The URL in `server.json`, if a server has written one.
    public func serverURL() -> String? {
        guard let data = FileManager.default.contents(atPath: serverInfoPath),
              let info = try? JSONDecoder().decode([String: String].self, from: data) else { return nil }
        return info["url"]
    }

    /// Demo supervisors' tokens, read back from `demo-links.csv`: (id, name, token).
    public func demoLinks() -> [(id: String, name: String, token: String)] {
        guard let text = try? String(contentsOfFile: demoLinksPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: ",").map(String.init)
            return fields.count == 4 ? (fields[0], fields[1], fields[3]) : nil
        }
    }

    /// Writes a file only its owner can read or write.
    private func writePrivate(_ text: String, to file: String) throws {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file]) }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
        }
    }
}

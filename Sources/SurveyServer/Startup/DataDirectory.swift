import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveySamples
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
    /// The 佐证材料 files, each under its SHA-256 (on SQLite; PostgreSQL keeps them in the database).
    public var evidencePath: String { path + "/evidence" }
    public var lockPath: String { path + "/server.lock" }

    /// Creates the directory (0700) if needed, tightens an existing one and its database files to
    /// owner-only (names, phones and answers live there), and makes files created later 0600.
    public func create() throws {
        umask(0o077)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw DataDirectoryError.cannotCreate(path)
        }
        guard access(path, W_OK) == 0 else { throw DataDirectoryError.notWritable(path) }
        var disk = statvfs()
        if statvfs(path, &disk) == 0, UInt64(disk.f_bavail) * UInt64(disk.f_frsize) < Self.minimumFreeBytes {
            throw DataDirectoryError.diskFull(path, availableBytes: UInt64(disk.f_bavail) * UInt64(disk.f_frsize))
        }
        chmod(path, 0o700)
        for file in [databasePath, databasePath + "-wal", databasePath + "-shm", serverInfoPath] { chmod(file, 0o600) }
    }

    /// Free space below which the server will not start: answers could not be stored.
    public static let minimumFreeBytes: UInt64 = 4 << 20

    /// Takes the directory for this process, so that a second server on it is refused. The lock
    /// lasts while the returned descriptor stays open (the whole life of the server).
    public func lock() throws -> Int32 {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DataDirectoryError.notWritable(path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DataDirectoryError.inUse(path, pid: runningServerPID())
        }
        return descriptor
    }

    /// Call `create()` first. Opens (creating if needed) the database (`store`, a `postgres://`
    /// URL with the schema of `district`, or else the directory's SQLite file), makes the admin token on first start, and
    /// invents `demoRosterSize` supervisors when the roster is empty.
    /// The demo supervisors' links are returned once, to be written with `writeLinks` when the
    /// server's address is known.
    public func prepare(
        demoRosterSize: Int, store: String? = nil, district: String? = nil, storeConnections: Int = PostgresStore.defaultMaxConnections
    ) throws -> (
        database: SurveyDatabase, newDemoLinks: [IssuedLink]
    ) {
        var newDemoLinks: [IssuedLink] = []
        let database = try SurveyDatabase(location: store ?? databasePath, district: district, connections: storeConnections)
        // A token file the database does not know (another installation's database restored here)
        // would lock the CLI out: it is replaced like a missing one.
        let known = Set(try database.adminTokenHashes())
        if (try? adminToken()).map({ !known.contains(TokenHasher.hash($0)) }) ?? true {
            let token = TokenHasher.makeToken()
            try PrivateFile.write(token + "\n", to: adminTokenPath)
            try database.addAdminToken(hash: TokenHasher.hash(token), at: Date())
        }
        if demoRosterSize > 0, try database.roster().isEmpty {
            let links = DemoRoster.make(count: demoRosterSize).map { IssuedLink(supervisor: $0, token: TokenHasher.makeToken()) }
            try database.addSupervisors(links.map { ($0.supervisor, TokenHasher.hash($0.token)) }, at: Date())
            newDemoLinks = links
        }
        return (database, newDemoLinks)
    }

    /// The admin token written at first start.
    public func adminToken() throws -> String {
        try String(contentsOfFile: adminTokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Records where the running server listens and which kind of store it uses (never its
    /// address: it may hold a password), for the CLI on the same machine.
    public func writeServerInfo(url: String, pid: Int32, store: String = "sqlite") throws {
        let json = CanonicalJSON.string(["url": url, "pid": String(pid), "store": store])
        try json.write(toFile: serverInfoPath, atomically: true, encoding: .utf8)
    }

    /// Whether the last server on this directory kept its data in PostgreSQL (`server.json`).
    public var usesPostgreSQL: Bool {
        guard let data = FileManager.default.contents(atPath: serverInfoPath),
            let info = try? JSONDecoder().decode([String: String].self, from: data)
        else { return false }
        return info["store"] == "postgresql"
    }

    /// The PID in `server.json`, when that process is still alive.
    public func runningServerPID() -> Int32? {
        guard let data = FileManager.default.contents(atPath: serverInfoPath),
            let info = try? JSONDecoder().decode([String: String].self, from: data),
            let pid = info["pid"].flatMap(Int32.init), kill(pid, 0) == 0
        else { return nil }
        return pid
    }

    /// The URL in `server.json`, if a server has written one.
    public func serverURL() -> String? {
        guard let data = FileManager.default.contents(atPath: serverInfoPath),
            let info = try? JSONDecoder().decode([String: String].self, from: data)
        else { return nil }
        return info["url"]
    }

    /// Writes personal links as a CSV sheet only the owner can read.
    public func writeLinks(_ links: [IssuedLink], baseURL: String, to file: String) throws {
        try PrivateFile.write(LinksCSV.render(links, baseURL: baseURL), to: file)
    }
}

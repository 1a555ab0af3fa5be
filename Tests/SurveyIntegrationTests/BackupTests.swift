import Foundation
import GRDB
import Synchronization
import Testing

/// Online backup under load, and restore.
@Suite(.serialized)
struct BackupTests {
    @Test(.sqliteFile) func aBackupTakenUnderLoadIsSoundAndRestores() throws {
        let server = try ServerProcess(demoRoster: 200)
        try server.launch("haocaiping-followup.yaml")
        let tokens = try server.tokens().map(\.token)
        let port = server.port
        let acked = Mutex<[String]>([])
        let group = DispatchGroup()
        for writer in 0..<4 {
            let mine = Array(tokens[(writer * 50)..<(writer * 50 + 50)])
            DispatchQueue.global().async(group: group) {
                for token in mine {
                    guard let client = try? WebSocketTestClient(port: port), (try? client.hello(token: token)) != nil else { return }
                    let id = UUID().uuidString.lowercased()
                    guard (try? client.send(json: submitMessage(id: id))) != nil, (try? client.receive(type: "ack")) != nil else { return }
                    acked.withLock { $0.append(id) }
                }
            }
        }
        try waitUntil("the writers under way") { !acked.withLock { $0.isEmpty } }
        let before = acked.withLock { $0 }
        let file = server.dataDirectory + "/backup.sqlite"
        let backup = try server.cli("backup", file)
        #expect(backup.status == 0, "\(backup.error)")
        #expect(backup.output.contains("完整性检查通过"))
        group.wait()
        let all = acked.withLock { $0 }
        #expect(all.count == 200)
        // Everything acknowledged before the backup began is in it.
        let again = try server.cli("backup", file).status
        #expect(again != 0, "an existing backup file is never overwritten")
        let restoredDirectory = server.dataDirectory + "/restored"
        // Restoring into a directory whose server runs is refused.
        #expect(try server.cli("restore", file).error.contains("请先停止服务器"))
        let restore = try server.cli(["restore", file, "--data", restoredDirectory], withData: false)
        #expect(restore.status == 0, "\(restore.error)")
        let restored = try ServerProcess.openReadOnly(restoredDirectory + "/survey.sqlite")
        let ids = Set(try restored.read { try String.fetchAll($0, sql: "SELECT id FROM submissions") })
        #expect(before.allSatisfy(ids.contains))
        #expect(ids.count >= before.count && ids.count <= all.count)
        // A broken file is refused.
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: server.dataDirectory + "/junk.sqlite"))
        let junk = try server.cli(["restore", server.dataDirectory + "/junk.sqlite", "--data", restoredDirectory], withData: false)
        #expect(junk.status != 0)
    }

    /// The 佐证材料 are part of the office's record: a backup carries them, and a restore puts them
    /// back where the server serves them from.
    @Test(.sqliteFile) func theEvidenceFilesTravelWithTheBackup() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
        let original = server.dataDirectory + "/退费凭证.pdf"
        try pdf.write(to: URL(fileURLWithPath: original))
        let upload = try server.cli("rectify", "evidence", "5", original)
        #expect(upload.status == 0, "\(upload.error)")
        let sha = try #require(try server.query { try $0.fetchOne(String.self, sql: "SELECT sha256 FROM evidence_files") })
        let file = server.dataDirectory + "/backup.sqlite"
        let backup = try server.cli("backup", file)
        #expect(backup.status == 0 && backup.output.contains("佐证材料 1 个"), "\(backup.output) \(backup.error)")
        let restoredDirectory = server.dataDirectory + "/restored"
        let restore = try server.cli(["restore", file, "--data", restoredDirectory], withData: false)
        #expect(restore.status == 0 && restore.output.contains("佐证材料 1 个"), "\(restore.output) \(restore.error)")
        #expect(FileManager.default.contents(atPath: restoredDirectory + "/evidence/" + sha) == pdf)
        let restored = try ServerProcess.openReadOnly(restoredDirectory + "/survey.sqlite")
        #expect(try restored.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM evidence_blobs") } == 0, "the files live beside the database again")
        // A file damaged on disk is named and left out; the backup says so with its exit status.
        try Data("%PDF-1.4 damaged".utf8).write(to: URL(fileURLWithPath: server.dataDirectory + "/evidence/" + sha))
        let damaged = try server.cli("backup", server.dataDirectory + "/backup-2.sqlite")
        #expect(damaged.status == 1 && damaged.error.contains("已损坏") && damaged.error.contains(sha), "\(damaged.error)")
        #expect(!damaged.output.contains("完整性检查通过"), "an incomplete backup is not reported as sound")
        // Restoring it says which file the rows list but the backup lacked.
        let gap = try server.cli(["restore", server.dataDirectory + "/backup-2.sqlite", "--data", server.dataDirectory + "/restored-2"], withData: false)
        #expect(gap.status == 1 && gap.error.contains("找不到") && gap.error.contains(sha), "\(gap.error)")
        // A backup whose carried file was altered afterwards: the file is named and not put back.
        let altered = try DatabaseQueue(path: file)
        try altered.write { try $0.execute(sql: "UPDATE evidence_blobs SET bytes = ?", arguments: [Data("%PDF-1.4 altered".utf8)]) }
        try altered.close()
        let tampered = try server.cli(["restore", file, "--data", server.dataDirectory + "/restored-3"], withData: false)
        #expect(tampered.status == 1 && tampered.error.contains("已损坏") && tampered.error.contains(sha), "\(tampered.error)")
        #expect(!FileManager.default.fileExists(atPath: server.dataDirectory + "/restored-3/evidence/" + sha))
        // Into a directory that still holds the sound file, the altered copy costs nothing (it was
        // reported damaged, and the restore failed, although the file was there); a file on disk is
        // sound only when its bytes hash to its name.
        let kept = try server.cli(["restore", file, "--data", restoredDirectory], withData: false)
        #expect(kept.status == 0, "\(kept.error)")
        #expect(FileManager.default.contents(atPath: restoredDirectory + "/evidence/" + sha) == pdf)
        try Data("%PDF-1.4 damaged".utf8).write(to: URL(fileURLWithPath: restoredDirectory + "/evidence/" + sha))
        let unsound = try server.cli(["restore", file, "--data", restoredDirectory], withData: false)
        #expect(unsound.status == 1 && unsound.error.contains(sha), "\(unsound.error)")
    }

    /// A restore never leaves the directory without its database: the database itself as the
    /// "backup" is refused, two restores in one second both keep what they replace, and a new
    /// directory is the owner's alone.
    @Test(.sqliteFile) func aRestoreNeverLeavesTheDirectoryWithoutItsDatabase() throws {
        let server = try ServerProcess(demoRoster: 3)
        let file = server.dataDirectory + "/backup.sqlite"
        #expect(try server.cli("backup", file).status == 0)
        server.stop()
        let database = server.dataDirectory + "/survey.sqlite"
        let itself = try server.cli("restore", database)
        #expect(itself.status == 1 && itself.error.contains("就是数据目录中的数据库"), "\(itself.error)")
        let hardLink = server.dataDirectory + "/../hard-\(UUID().uuidString).sqlite"
        try FileManager.default.linkItem(atPath: database, toPath: hardLink)
        defer { try? FileManager.default.removeItem(atPath: hardLink) }
        #expect(try server.cli("restore", hardLink).error.contains("就是数据目录中的数据库"), "the same file by another name")
        let notFolder = try server.cli(["restore", file, "--data", file], withData: false)
        #expect(notFolder.status == 1 && notFolder.error.contains("不是数据目录"), "\(notFolder.error)")
        #expect(FileManager.default.fileExists(atPath: database))
        for _ in 0..<2 {
            let restore = try server.cli("restore", file)
            #expect(restore.status == 0, "\(restore.error)")
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory).filter {
            $0.hasPrefix("survey.sqlite.before-restore") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm")
        }
        #expect(kept.count == 2, "\(kept)")
        let fresh = server.dataDirectory + "/fresh"
        #expect(try server.cli(["restore", file, "--data", fresh], withData: false).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int == 0o700)
    }

    /// An office restoring another installation's backup keeps working from its own data
    /// directory: the admin token file there, which the restored database does not know, is
    /// replaced at the next start instead of locking the CLI out.
    @Test(.sqliteFile) func aRestoredDirectoryKeepsAWorkingAdminToken() throws {
        let source = try ServerProcess(demoRoster: 2)
        let file = source.dataDirectory + "/backup.sqlite"
        #expect(try source.cli("backup", file).status == 0)
        let target = try ServerProcess(demoRoster: 1)
        target.stop()
        #expect(try target.cli("restore", file).status == 0)
        let restarted = try ServerProcess(demoRoster: 0, dataDirectory: target.dataDirectory)
        let list = try restarted.cli("list")
        #expect(list.status == 0, "\(list.error)")
    }

    /// A backup is checked against the schema this version makes before anything is replaced: a
    /// trigger, a view or an object it did not create, or a migration it does not know, is refused by
    /// name, and the database in place is not touched. Nothing in a backup runs.
    @Test(.sqliteFile) func aTamperedBackupIsRefusedBeforeAnythingChanges() throws {
        let server = try ServerProcess(demoRoster: 2)
        let clean = server.dataDirectory + "/clean.sqlite"
        #expect(try server.cli("backup", clean).status == 0)
        server.stop()
        let before = try Data(contentsOf: URL(fileURLWithPath: server.dataDirectory + "/survey.sqlite"))
        let tamperings = [
            ("trigger", "CREATE TRIGGER drop_answers AFTER INSERT ON submissions BEGIN DELETE FROM submissions WHERE id = NEW.id; END;", "drop_answers"),
            (
                "evidence",
                "CREATE TRIGGER plant AFTER DELETE ON evidence_blobs BEGIN INSERT INTO staff (name, role, token_hash, created_at) "
                    + "VALUES ('x', 'leader', 'h', 'now'); END;", "plant"
            ),
            ("view", "CREATE VIEW peek AS SELECT token_hash FROM supervisors;", "peek"),
            ("table", "CREATE TABLE extra (x TEXT);", "extra"),
            ("future", "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future');", "v99-future"),
            ("altered", "DROP INDEX IF EXISTS rectification_items_handover;", "rectification_items_handover"),
        ]
        for (what, sql, name) in tamperings {
            let file = server.dataDirectory + "/tampered-\(what).sqlite"
            try FileManager.default.copyItem(atPath: clean, toPath: file)
            let queue = try DatabaseQueue(path: file)
            try queue.write { try $0.execute(sql: sql) }
            try queue.close()
            let restore = try server.cli("restore", file)
            #expect(restore.status != 0 && restore.error.contains(name), "\(what): \(restore.error)")
        }
        // Several at once are all named.
        let combined = server.dataDirectory + "/tampered-all.sqlite"
        try FileManager.default.copyItem(atPath: clean, toPath: combined)
        let queue = try DatabaseQueue(path: combined)
        try queue.write { db in for (what, sql, _) in tamperings where ["trigger", "view", "future"].contains(what) { try db.execute(sql: sql) } }
        try queue.close()
        let all = try server.cli("restore", combined)
        #expect(all.status != 0 && ["drop_answers", "peek", "v99-future"].allSatisfy(all.error.contains), "\(all.error)")
        let after = try Data(contentsOf: URL(fileURLWithPath: server.dataDirectory + "/survey.sqlite"))
        #expect(before == after, "the database in place is untouched")
        let aside = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory).filter { $0.contains("before-restore") }
        #expect(aside.isEmpty, "\(aside)")
        #expect(try server.cli("restore", clean).status == 0, "the untouched backup still restores")
    }
}

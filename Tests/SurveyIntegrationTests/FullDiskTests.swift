import Foundation
import Testing

/// A full disk, on a small tmpfs of the test's own (the tests run as root, as CI does): the server
/// refuses to start on one, and when one fills under it, says so in its log, tells the client its
/// answer was not stored, and stores it once there is room again.
@Suite(.serialized)
struct FullDiskTests {
    /// Mounts a tmpfs of `megabytes` and returns its path; `unmount` removes it.
    static func smallDisk(megabytes: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-disk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(megabytes)M", "tmpfs", path]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw WebSocketTestClient.Failure(description: "cannot mount a tmpfs (these tests need root)") }
        return path
    }

    static func unmount(_ path: String) {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes zeros to `path` until the disk is full.
    static func fill(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 65536)
        while write(descriptor, block, block.count) > 0 {}
        var byte: UInt8 = 0
        while write(descriptor, &byte, 1) > 0 {}
    }

    @Test func aStartOnAFullDiskIsRefusedClearly() throws {
        let disk = try Self.smallDisk(megabytes: 4)
        defer { Self.unmount(disk) }
        Self.fill(disk + "/filler")
        let result = try StartupRefusalTests.serve(["--port", "0", "--data", disk + "/data", "--demo-roster", "3"])
        #expect(result.status != 0)
        #expect(result.output.contains("磁盘空间不足"), "\(result.output)")
        #expect(!result.output.contains("服务器已启动"))
    }

    @Test(.sqliteFile) func aDiskThatFillsWhileServingIsLoggedAndNothingAckedIsLost() throws {
        let disk = try Self.smallDisk(megabytes: 12)
        defer { Self.unmount(disk) }
        let server = try ServerProcess(demoRoster: 60, arguments: [], dataDirectory: disk + "/data")
        try server.launch("haocaiping-followup.yaml")
        Self.fill(disk + "/filler")
        var acked: [String] = []
        var refused: [(index: Int, id: String)] = []
        var answers = followupAnswers
        answers["comment"] = String(repeating: "营商环境", count: 120)
        for index in 0..<60 {
            let (client, _) = try server.supervisor(index)
            let id = UUID().uuidString.lowercased()
            try client.send(json: submitMessage(id: id, answers: answers))
            let reply = try client.receiveJSON()
            if reply["type"] as? String == "ack" { acked.append(id) } else if reply["code"] as? String == "storage_failed" { refused.append((index, id)) }
            if !refused.isEmpty { break }
        }
        #expect(!refused.isEmpty, "the disk never filled")
        #expect(try server.log().contains("磁盘空间不足"), "the log says nothing of the full disk")
        // Room again: the refused answer is resent and stored; every acked one is there once.
        try FileManager.default.removeItem(atPath: disk + "/filler")
        if let first = refused.first {
            let (client, _) = try server.supervisor(first.index)
            try client.send(json: submitMessage(id: first.id, answers: answers))
            #expect(try client.receive(type: "ack")["id"] as? String == first.id)
            acked.append(first.id)
        }
        server.stop()
        for id in acked { #expect(try server.count("SELECT COUNT(*) FROM submissions WHERE id = ?", [id]) == 1) }
    }
}

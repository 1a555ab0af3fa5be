import Foundation
import Testing

/// A leaked unit link cannot make the server hold gigabytes: a row's rights are checked from the
/// headers, and uploads run a few at a time per link and overall.
@Suite(.serialized)
struct UploadMemoryTests {
    static func residentMegabytes(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    @Test func fortyHeldUploadsOnOneUnitLinkStayWithinBounds() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let units = try server.importUnits(["区财政局,王五,13800000000"])
        let token = try #require(units["区财政局"])
        #expect(try server.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        let before = try Self.residentMegabytes(server.serverPID)
        let size = 20 << 20
        let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        for _ in 0..<40 {
            let socket = try WebSocketTestClient.loopbackSocket(port: server.port, timeout: 2)
            sockets.append(socket)
            let head = Array(
                "POST /api/rectify/5/evidence?name=a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(size)\r\n\r\n"
                    .utf8)
            _ = send(socket, head, head.count, Int32(MSG_NOSIGNAL))
            // All but the last 100 bytes, held there.
            var sent = 0
            while sent < size - 100 {
                let step = min(chunk.count, size - 100 - sent)
                let written = send(socket, chunk, step, Int32(MSG_NOSIGNAL))
                if written <= 0 { break }
                sent += written
            }
        }
        Thread.sleep(forTimeInterval: 0.5)
        let held = try Self.residentMegabytes(server.serverPID)
        print("40 held uploads on one unit link: server RSS \(before) MB → \(held) MB")
        #expect(held - before < 150, "RSS grew from \(before) MB to \(held) MB")
        // Another link's upload of the same moment is refused with a reason, not left hanging.
        let another = try httpExchange(
            port: server.port,
            "POST /api/rectify/5/evidence?name=b.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 10\r\n\r\n")
        #expect(another.head.hasPrefix("HTTP/1.1 429") && another.body.contains("同时上传"), "\(another.head) \(another.body)")
    }

    /// A unit may not upload to a row not handed to it: refused from the headers, before a byte of
    /// the body is kept.
    @Test func aRowNotHandedToTheUnitIsRefusedBeforeTheBody() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let units = try server.importUnits(["区财政局,王五,13800000000"])
        let token = try #require(units["区财政局"])
        let refused = try httpExchange(
            port: server.port,
            "POST /api/rectify/7/evidence?name=a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 5000000\r\n\r\n",
            timeout: 3)
        #expect(refused.head.hasPrefix("HTTP/1.1 403") && refused.body.contains("没有交办给区财政局"), "\(refused.head) \(refused.body)")
    }
}

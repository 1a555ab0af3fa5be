import Foundation
import Testing

/// A ping flood before `hello` does not outlive the authentication deadline. (lws 4.1.6 answers
/// pings itself and tells the server of none, so they cannot be counted one by one; it coalesces
/// the pongs, and the 5 s deadline closes the connection with 4408 whatever it sends.)
@Suite(.serialized)
struct PingFloodTests {
    @Test func aPingFloodBeforeHelloIsCutOff() throws {
        let server = try ServerProcess(demoRoster: 1)
        let client = try WebSocketTestClient(port: server.port, timeout: 2)
        let started = Date()
        var sent = 0
        var failed = false
        while Date().timeIntervalSince(started) < 6 && !failed {
            do { try client.sendFrame(opcode: 0x9, payload: Array("p".utf8), fin: true) } catch { failed = true }
            sent += 1
            if sent % 100 == 0 { usleep(50_000) }
        }
        var code: Int?
        while code == nil, let frame = try? client.receive() {
            if case .close(let closed) = frame { code = closed }
        }
        #expect(code == 4408, "closed with \(code.map(String.init) ?? "nothing") after \(sent) pings")
    }
}

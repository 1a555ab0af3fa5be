import Foundation
import Testing

/// The limits the server sets because libwebsockets 4.1.6 has none of its own.
@Suite(.serialized)
struct LimitsTests {
    @Test func aTokenMayHoldThreeConnectionsNotFour() throws {
        let server = try ServerProcess(demoRoster: 2)
        let token = try server.tokens()[0].token
        var open: [WebSocketTestClient] = []
        for _ in 0..<3 {
            let client = try WebSocketTestClient(port: server.port)
            _ = try client.hello(token: token)
            open.append(client)
        }
        let fourth = try WebSocketTestClient(port: server.port)
        try fourth.send(json: ["v": 1, "type": "hello", "token": token])
        #expect(try fourth.receive(type: "error")["code"] as? String == "too_many_connections")
        #expect(try fourth.receive() == .close(code: 4429))
        open.removeLast()  // closing one frees a place, once the server has seen the close
        try waitUntil("a freed place") {
            (try? WebSocketTestClient(port: server.port).hello(token: token))?["type"] as? String == "welcome"
        }
    }

    @Test func authenticationMustArriveInTime() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--auth-timeout", "1"])
        let silent = try WebSocketTestClient(port: server.port)
        let start = Date()
        #expect(try silent.receive(type: "error")["code"] as? String == "auth_timeout")
        #expect(try silent.receive() == .close(code: 4408))
        #expect(Date().timeIntervalSince(start) < 5)
        // One that authenticates in time stays.
        let (client, _) = try server.supervisor(0)
        Thread.sleep(forTimeInterval: 1.5)
        try client.send(json: ["v": 1, "type": "opened", "survey": "none", "version": 1])
        #expect(try client.receive(type: "error")["code"] as? String == "unknown_survey")
    }

    @Test func aFloodIsAnsweredWithRateLimitErrorsThenClosed() throws {
        // A slow refill (one message every 20 s), so that how long a loaded machine takes to send the
        // flood cannot change the count: the burst of 30 passes, 20 strikes are tolerated, and the
        // 51st message closes the connection.
        let server = try ServerProcess(demoRoster: 2, arguments: ["--messages-per-second", "0.05"])
        let (client, _) = try server.supervisor(0)
        // A burst of 30 (the hello took one) and 20 tolerated strikes: the 50th message after the
        // hello closes the connection (LingeringCloseTests sends thousands more, and still gets the
        // close frame).
        for _ in 0..<50 {
            do { try client.send(json: ["v": 1, "type": "opened", "survey": "none", "version": 1]) } catch { break }
        }
        var codes: [String] = []
        var closedWith: Int?
        while closedWith == nil {
            switch try client.receive() {
            case .text(let text):
                let message = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                codes.append(message?["code"] as? String ?? "")
            case .close(let code):
                closedWith = code
            }
        }
        #expect(codes.contains("rate_limited"))
        #expect(codes.first == "unknown_survey", "the first messages pass")
        #expect(closedWith == 1008)
        // Others are served meanwhile.
        let (other, _) = try server.supervisor(1)
        try other.send(json: ["v": 1, "type": "opened", "survey": "none", "version": 1])
        #expect(try other.receive(type: "error")["code"] as? String == "unknown_survey")
    }

    @Test func anAddressMayHoldOnlySoManyUnauthenticatedConnections() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--max-unauthenticated-per-address", "3"])
        let waiting = try (0..<3).map { _ in try WebSocketTestClient(port: server.port) }
        let extra = try WebSocketTestClient(port: server.port)
        #expect(try extra.receive() == .close(code: 1008))
        // Authenticating frees the place.
        _ = try waiting[0].hello(token: try server.tokens()[0].token)
        let token = try server.tokens()[1].token
        try waitUntil("a freed place") { (try? WebSocketTestClient(port: server.port).hello(token: token)) != nil }
    }

    @Test func aConnectionThatCannotTakeWhatIsQueuedIsDroppedWithAReason() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--max-outbox-bytes", "4096"])
        let (client, _) = try server.supervisor(0)
        try server.launch("annual-2022.yaml")  // its push alone is far over 4 KiB
        #expect(try client.receive() == .close(code: 1008))
        // The server goes on serving.
        let health = try httpExchange(port: server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").head
        #expect(health.hasPrefix("HTTP/1.1 200"))
    }

    @Test func silentPeersAndSlowHandshakesAreDropped() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--idle-ping", "1", "--idle-hangup", "2", "--handshake-timeout", "2"])
        // A client that answers pings (the test client does, while it reads) stays past the idle limit.
        let (alive, _) = try server.supervisor(0)
        let deadline = Date().addingTimeInterval(3.5)
        while Date() < deadline {
            try alive.send(json: ["v": 1, "type": "opened", "survey": "none", "version": 1])
            #expect(try alive.receive(type: "error")["code"] as? String == "unknown_survey")
            Thread.sleep(forTimeInterval: 0.5)
        }
        // One that never answers is hung up on.
        let silent = try WebSocketTestClient(port: server.port)
        _ = try silent.hello(token: try server.tokens()[1].token)
        Thread.sleep(forTimeInterval: 3.5)
        #expect(silent.drainUntilClosed(), "the silent client was disconnected")
        // A slowloris: half an HTTP request, then nothing.
        let descriptor = try WebSocketTestClient.loopbackSocket(port: server.port, timeout: 8)
        defer { close(descriptor) }
        let partial = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:".utf8)
        _ = send(descriptor, partial, partial.count, 0)
        let start = Date()
        var byte: UInt8 = 0
        let received = recv(descriptor, &byte, 1, 0)
        #expect(received == 0, "the server hung up on the half request")
        #expect(Date().timeIntervalSince(start) < 6)
    }

    @Test func foreignOriginsAreRefusedAtTheHandshake() throws {
        let server = try ServerProcess(demoRoster: 1)
        #expect(throws: WebSocketTestClient.Failure.self) { try WebSocketTestClient(port: server.port, origin: "http://evil.example") }
        _ = try WebSocketTestClient(port: server.port)  // same origin
        let allowed = try ServerProcess(demoRoster: 1, arguments: ["--allowed-origin", "https://survey.example.gov.cn"])
        _ = try WebSocketTestClient(port: allowed.port, origin: "https://survey.example.gov.cn")
        #expect(throws: WebSocketTestClient.Failure.self) { try WebSocketTestClient(port: allowed.port) }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() throws {
        let server = try ServerProcess(demoRoster: 1)
        for path in ["/", "/projector.html", "/app.js", "/healthz", "/api/surveys"] {
            let head = try httpGet(port: server.port, path: path).head.lowercased()
            #expect(head.contains("content-security-policy: default-src 'self'; script-src 'self'"), "\(path)")
            #expect(head.contains("x-content-type-options: nosniff"), "\(path)")
            #expect(head.contains("x-frame-options: deny"), "\(path)")
        }
        // No inline script in any page.
        for page in ["index.html", "projector.html"] {
            let html = try String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("Web/\(page)"), encoding: .utf8)
            #expect(!html.contains("<script>") && !html.contains("onclick=") && !html.contains("style="), "\(page)")
        }
    }

    @Test func tokensNeverReachTheLog() throws {
        let server = try ServerProcess(demoRoster: 5)
        try server.launch("haocaiping-followup.yaml")
        for index in 0..<5 {
            let (client, _) = try server.supervisor(index)
            try client.send(json: submitMessage())
            _ = try client.receive(type: "ack")
        }
        let wrong = try WebSocketTestClient(port: server.port)
        try wrong.send(json: ["v": 1, "type": "hello", "token": "feedfacefeedfacefeedfacefeedface"])
        _ = try wrong.receive(type: "error")
        let projector = try server.cli("projector", "link").output
        _ = try server.cli("roster", "links", "--reissue", "S002")
        _ = try httpExchange(port: server.port, "GET /api/surveys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrongwrongwrong\r\nConnection: close\r\n\r\n")
        server.stop()
        let log = try server.log()
        let admin = try String(contentsOfFile: server.dataDirectory + "/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let projectorToken = String(projector.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let secrets = try server.tokens().map(\.token) + [admin, projectorToken, "feedfacefeedfacefeedfacefeedface", "wrongwrongwrong"]
        #expect(projectorToken.count == 32)
        for secret in secrets { #expect(!log.contains(secret)) }
    }
}

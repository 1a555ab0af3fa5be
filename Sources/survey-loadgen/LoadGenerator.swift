import CEpoll
import Foundation
import Glibc

/// The load generator's epoll loop over all its connections.
final class LoadGenerator {
    private let arguments: Arguments
    private let tokens: [String]
    private let poller = epoll_create1(0)
    private let request: [UInt8]
    private var connections: [Int32: LoadConnection] = [:]
    private var started = 0, readyCount = 0, failedCount = 0, arrivedCount = 0
    private var measuring = false
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)

    init(arguments: Arguments, tokens: [String]) {
        self.arguments = arguments
        self.tokens = tokens
        request = LoadConnection.upgradeRequest(path: arguments.path, port: arguments.port, subprotocol: arguments.subprotocol)
    }

    /// Connects everyone, announces readiness on stdout, and waits for the expected bytes to
    /// arrive everywhere (or for time to run out). Returns the arrival times, in Unix seconds.
    func run() -> (ready: Int, failed: Int, times: [Double], bytes: Int) {
        let deadline = Self.now() + arguments.maxSeconds
        var events = [epoll_event](repeating: epoll_event(), count: 1024)
        while Self.now() < deadline {
            while started < arguments.connections && started - readyCount - failedCount < arguments.batch { open() }
            if !measuring && started == arguments.connections && readyCount + failedCount == arguments.connections {
                measuring = true
                FileHandle.standardOutput.write(Data(#"{"ready":\#(readyCount),"failed":\#(failedCount)}"#.utf8 + [10]))
            }
            if measuring && arrivedCount == readyCount { break }
            let count = epoll_wait(poller, &events, Int32(events.count), 50)
            for index in 0..<max(0, Int(count)) {
                if let connection = connections[events[index].data.fd] { handle(connection, events: events[index].events) }
            }
        }
        let arrived = connections.values.filter { $0.arrivedAt != nil }
        return (readyCount, failedCount, arrived.compactMap(\.arrivedAt).sorted(), arrived.map(\.measuredBytes).max() ?? 0)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func open() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { fail("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(arguments.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        watch(descriptor, EPOLLOUT.rawValue | EPOLLIN.rawValue, EPOLL_CTL_ADD)
        connections[descriptor] = LoadConnection(descriptor: descriptor, index: started)
        started += 1
    }

    private func watch(_ descriptor: Int32, _ events: UInt32, _ operation: Int32) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: descriptor))
        epoll_ctl(poller, operation, descriptor, &event)
    }

    private func markReady(_ connection: LoadConnection) {
        guard !connection.ready else { return }
        connection.ready = true
        connection.baseline = connection.counter.payloadBytes
        connection.baselineFrames = connection.counter.frames
        readyCount += 1
    }

    private func fault(_ connection: LoadConnection) {
        guard connection.phase != .failed else { return }
        if connection.ready { readyCount -= 1 }
        if connection.arrivedAt != nil { arrivedCount -= 1 }
        connection.arrivedAt = nil
        connection.phase = .failed
        failedCount += 1
        epoll_ctl(poller, EPOLL_CTL_DEL, connection.descriptor, nil)
        close(connection.descriptor)
    }

    private func handle(_ connection: LoadConnection, events: UInt32) {
        if connection.phase == .connecting, events & EPOLLOUT.rawValue != 0 {
            guard connection.send(request) else { return fault(connection) }
            connection.phase = .handshaking
            watch(connection.descriptor, EPOLLIN.rawValue, EPOLL_CTL_MOD)
        }
        guard events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
        while connection.phase == .handshaking || connection.phase == .open {
            let count = buffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return fault(connection) }
            if count < 0 { return errno == EAGAIN ? () : fault(connection) }
            guard take(count, for: connection) else { return fault(connection) }
            if connection.phase == .open { check(connection) }
        }
    }

    /// Handles `count` bytes just read: the handshake response, then frames. False on a bad handshake.
    private func take(_ count: Int, for connection: LoadConnection) -> Bool {
        buffer.withUnsafeBytes { raw in
            var bytes = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            if connection.phase == .handshaking {
                connection.response.append(contentsOf: bytes)
                guard let end = Self.headerEnd(connection.response) else { return true }
                guard connection.response.starts(with: Array("HTTP/1.1 101".utf8)) else { return false }
                let extra = connection.response.count - end
                connection.phase = .open
                connection.response = []
                if tokens.isEmpty {
                    markReady(connection)
                } else if !connection.send(LoadConnection.textFrame(greeting(for: connection.index))) {
                    return false
                }
                bytes = UnsafeRawBufferPointer(rebasing: raw[(count - extra)..<count])
            }
            connection.counter.feed(bytes)
            return true
        }
    }

    /// The first message: `hello` as a supervisor, or `watch` as a projector screen; tokens in turn.
    private func greeting(for index: Int) -> String {
        let token = tokens[index % tokens.count]
        guard let survey = arguments.watch else { return #"{"v":1,"type":"hello","token":""# + token + #""}"# }
        return #"{"v":1,"type":"watch","token":""# + token + #"","survey":""# + survey + #""}"#
    }

    private func check(_ connection: LoadConnection) {
        // With tokens, a connection is ready once the server's first frame (the welcome) is in.
        if !connection.ready && !measuring && connection.counter.frames > 0 { markReady(connection) }
        if connection.counter.closed { return fault(connection) }
        let complete =
            arguments.expectFrames > 0
            ? connection.measuredFrames >= arguments.expectFrames : connection.measuredBytes >= arguments.expectBytes
        if measuring, connection.ready, connection.arrivedAt == nil, complete {
            connection.arrivedAt = Self.now()
            arrivedCount += 1
        }
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            return index + 1
        }
        return nil
    }
}

import CLws
import Foundation
import Histogram
import LwsSupport
import SurveyCore
import SurveySamples

/// Many supervisors from one process, over libwebsockets' client API: they connect, authenticate,
/// receive pushed surveys, think, and answer with realistic random answers (skip logic respected).
public final class Simulator {
    let options: SimulationOptions
    private let strings = CStrings()
    private var clients: [UInt64: SimulatedSupervisor] = [:]
    private var pendingConnects: [SimulatedSupervisor] = []
    private var context: OpaquePointer?
    private var scratch: [UInt8] = []
    // Tallies.
    private var connected = 0
    private var connectionErrors = 0
    private var welcomed = 0
    private var pushes = 0
    private var pushTimes: [Date] = []
    private var submitted = 0
    private var acked = 0
    private var errors: [String: Int] = [:]
    /// Ack latencies in microseconds, up to ten minutes, three significant digits.
    private var ackLatencies = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000,
        numberOfSignificantValueDigits: .three)
    private var ackTimes: [Date] = []
    private var submitTimes: [Double] = []
    // Bookkeeping kept incrementally, so that no loop turn scans every client.
    private var onTheirWay = 0
    private var finished = 0
    /// Answer timers in 10 ms buckets (lws's own timers cost O(n) per insert).
    private var timers: [Int: [UInt64]] = [:]
    private var nextTimerBucket = 0
    /// Surveys parsed once per id and version, however many clients receive them.
    private var parsedSurveys: [String: Survey] = [:]
    private var startedAt = Date()

    static let pushTail = Array(#"},"type":"survey","v":1}"#.utf8)

    public init(options: SimulationOptions) {
        self.options = options
    }

    /// Runs the simulation on the calling thread until it is done or time runs out.
    public func run() -> SimulationReport {
        let start = Date()
        startedAt = start
        raiseOpenFileLimit(to: options.tokens.count + 256)
        let protocols = UnsafeMutablePointer<lws_protocols>.allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        defer { protocols.deallocate() }
        protocols[0].name = strings.keep("survey-simulator")
        protocols[0].callback = simulatorLwsCallback
        protocols[0].per_session_data_size = 0
        protocols[0].rx_buffer_size = 16 * 1024

        var info = lws_context_creation_info()
        info.port = -1  // CONTEXT_PORT_NO_LISTEN: a client only
        info.protocols = UnsafePointer(protocols)
        info.user = Unmanaged.passUnretained(self).toOpaque()
        let loop = LibuvLoop()
        info.foreign_loops = loop.foreignLoops
        info.options = survey_lws_server_options() | survey_lws_libuv_option()
        info.fd_limit_per_thread = UInt32(options.tokens.count + 256)
        survey_lws_quiet_logs()
        guard let context = lws_create_context(&info) else {
            return report(since: start)
        }
        self.context = context
        pendingConnects = options.tokens.enumerated().map { index, token in
            SimulatedSupervisor(id: UInt64(index + 1), token: token, seed: UInt64(index) &* 7919 &+ 17)
        }
        pendingConnects.reverse()
        nextTimerBucket = Self.bucket(Date())
        // The loop waits for events; a beat ends each wait so that the clock is checked.
        loop.timer {}.start(after: 10, repeating: 10)
        while Date().timeIntervalSince(start) < options.maxSeconds {
            openSome()
            loop.runOnce()
            fireTimers(until: Date())
            if options.stopWhenDone && pendingConnects.isEmpty && !clients.isEmpty && finished == clients.count { break }
        }
        self.context = nil
        loop.finish(destroying: context)
        return report(since: start)
    }

    private func report(since start: Date) -> SimulationReport {
        let spread = pushTimes.count > 1 ? (pushTimes.max()!.timeIntervalSince(pushTimes.min()!)) * 1000 : nil
        return SimulationReport(
            supervisors: options.tokens.count, connected: connected, connectionErrors: connectionErrors, welcomed: welcomed,
            pushes: pushes, submitted: submitted, acked: acked, errors: errors, ackLatency: Percentiles(microseconds: ackLatencies),
            pushSpreadMillis: spread, pushArrivals: Percentiles(pushTimes.map(\.timeIntervalSince1970)),
            firstAckAt: ackTimes.min()?.timeIntervalSince1970, lastAckAt: ackTimes.max()?.timeIntervalSince1970,
            submitTimes: submitTimes, ackTimes: ackTimes.map(\.timeIntervalSince1970),
            seconds: Date().timeIntervalSince(start))
    }

    /// Opens connections while fewer than `connectBatch` are still on their way to a welcome, so
    /// that the server's per-address cap on unauthenticated connections is respected.
    private func openSome() {
        guard let context, !pendingConnects.isEmpty, onTheirWay < options.connectBatch else { return }
        var info = lws_client_connect_info()
        info.context = context
        info.address = strings.keep(options.host)
        info.port = Int32(options.port)
        info.path = strings.keep("/ws")
        info.host = info.address
        info.origin = nil
        info.ietf_version_or_minus_one = -1
        info.protocol = nil
        info.local_protocol_name = strings.keep("survey-simulator")
        for _ in 0..<min(options.connectBatch - onTheirWay, pendingConnects.count) {
            let client = pendingConnects.removeLast()
            clients[client.id] = client
            onTheirWay += 1
            info.userdata = UnsafeMutableRawPointer(bitPattern: UInt(client.id))
            if lws_client_connect_via_info(&info) == nil {
                connectionErrors += 1
                close(client)
            }
        }
    }

    // MARK: Callbacks (service thread)

    func handle(
        _ wsi: OpaquePointer, reason: lws_callback_reasons, session: UnsafeMutableRawPointer?,
        input: UnsafeMutableRawPointer?, length: Int
    ) -> Int32 {
        // `userdata` in the connect info becomes the connection's user pointer: here it is the client id.
        func client() -> SimulatedSupervisor? { clients[UInt64(UInt(bitPattern: session))] }
        switch reason {
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            guard let client = client() else { return -1 }
            client.wsi = wsi
            connected += 1
            queue(client, ["v": 1, "type": "hello", "token": client.token])
        case LWS_CALLBACK_CLIENT_RECEIVE:
            guard let client = client() else { return -1 }
            if let input, length > 0 { client.incoming.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length)) }
            guard lws_is_final_fragment(wsi) != 0, lws_remaining_packet_payload(wsi) == 0 else { return 0 }
            let message = client.incoming
            client.incoming = []
            received(message, client: client)
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            guard let client = client() else { return -1 }
            return write(client)
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            connectionErrors += 1
            if let client = client() { close(client) }
            if let input, length > 0 {
                errors["connect: " + String(decoding: UnsafeRawBufferPointer(start: input, count: length), as: UTF8.self), default: 0] += 1
            }
        case LWS_CALLBACK_CLIENT_CLOSED:
            guard let client = client() else { return 0 }
            if !client.isDone, options.answer { errors["closed early", default: 0] += 1 }
            close(client)
        default:
            break
        }
        return 0
    }

    private func received(_ bytes: [UInt8], client: SimulatedSupervisor) {
        let arrival = Date()
        // The server's frames are canonical JSON, so a push ends with `"type":"survey","v":1}`.
        // A supervisor that will not answer only needs to count it, without parsing the survey,
        // so that the simulator's own parsing does not pass for delivery time.
        if !options.answer, bytes.count > 64, bytes.suffix(Self.pushTail.count).elementsEqual(Self.pushTail) {
            pushes += 1
            pushTimes.append(arrival)
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let type = object["type"] as? String
        else { return }
        switch type {
        case "welcome":
            welcomed += 1
            if !client.welcomed { onTheirWay -= 1 }
            client.welcomed = true
            client.category = (object["supervisor"] as? [String: Any])?["category"] as? String
            for payload in object["surveys"] as? [[String: Any]] ?? [] { take(payload, client: client) }
            if let done = object["submissions"] as? [[String: Any]] {
                for receipt in done { if let survey = receipt["survey"] as? String { client.answered.insert(survey) } }
            }
            noteIfDone(client)
        case "survey":
            pushes += 1
            pushTimes.append(arrival)
            if let payload = object["survey"] as? [String: Any] { take(payload, client: client) }
        case "ack":
            acked += 1
            ackTimes.append(arrival)
            if let id = object["id"] as? String, let sent = client.inFlight.removeValue(forKey: id) {
                _ = ackLatencies.record(UInt64(Swift.max(1, arrival.timeIntervalSince(sent) * 1_000_000)))
            }
            noteIfDone(client)
        case "error":
            errors[object["code"] as? String ?? "?", default: 0] += 1
            if let id = object["ref"] as? String { client.inFlight[id] = nil }
            noteIfDone(client)
        default:
            break
        }
    }

    /// Confirms receipt, and schedules an answer after a think time.
    private func take(_ payload: [String: Any], client: SimulatedSupervisor) {
        guard let id = payload["id"] as? String, let version = payload["version"] as? Int,
            !client.answered.contains(id), let survey = parsed(payload, id: id, version: version)
        else { return }
        queue(client, ["v": 1, "type": "received", "survey": survey.id, "version": version])
        guard options.answer else { return }
        client.toAnswer.append((survey, version))
        armTimer(client)
    }

    private func parsed(_ payload: [String: Any], id: String, version: Int) -> Survey? {
        let key = "\(id)@\(version)"
        if let survey = parsedSurveys[key] { return survey }
        guard let data = try? JSONSerialization.data(withJSONObject: payload),
            let survey = try? JSONDecoder().decode(Survey.self, from: data)
        else { return nil }
        parsedSurveys[key] = survey
        return survey
    }

    private func armTimer(_ client: SimulatedSupervisor) {
        guard !client.timerArmed, !client.toAnswer.isEmpty, client.wsi != nil else { return }
        client.timerArmed = true
        let span = max(0, options.thinkMax - options.thinkMin)
        let think = options.thinkMin + span * Double(client.random.next() % 10_000) / 10_000
        let base = options.thinkFromStart ? startedAt : Date()
        let due = max(Self.bucket(base.addingTimeInterval(think)), nextTimerBucket)
        timers[due, default: []].append(client.id)
    }

    private static func bucket(_ date: Date) -> Int { Int(date.timeIntervalSince1970 * 100) }

    /// Answers for clients whose think time is over: at most 64 per loop turn, so that when
    /// thousands are due at once the loop keeps sending and reading in between.
    private func fireTimers(until now: Date) {
        let last = Self.bucket(now)
        var budget = 64
        while nextTimerBucket <= last {
            var due = timers.removeValue(forKey: nextTimerBucket) ?? []
            while budget > 0, let id = due.popLast() {
                budget -= 1
                guard let client = clients[id], !client.closed else { continue }
                client.timerArmed = false
                answerNext(client)
            }
            if !due.isEmpty {
                timers[nextTimerBucket] = due
                return
            }
            nextTimerBucket += 1
        }
    }

    private func close(_ client: SimulatedSupervisor) {
        guard !client.closed else { return }
        if !client.welcomed { onTheirWay -= 1 }
        client.closed = true
        client.wsi = nil
        finished += client.countedDone ? 0 : 1
        client.countedDone = true
    }

    private func noteIfDone(_ client: SimulatedSupervisor) {
        guard client.isDone, !client.countedDone else { return }
        client.countedDone = true
        finished += 1
    }

    private func answerNext(_ client: SimulatedSupervisor) {
        guard !client.toAnswer.isEmpty else { return }
        let (survey, version) = client.toAnswer.removeFirst()
        guard !client.answered.contains(survey.id) else {
            noteIfDone(client)
            return armTimer(client)
        }
        client.answered.insert(survey.id)
        queue(client, ["v": 1, "type": "opened", "survey": survey.id, "version": version])
        let answers = SampleDataset.answers(to: survey, random: &client.random, category: client.category)
        let id = UUID().uuidString.lowercased()
        guard let encoded = try? JSONEncoder().encode(answers),
            let object = try? JSONSerialization.jsonObject(with: encoded)
        else { return }
        submitted += 1
        queue(client, ["v": 1, "type": "submit", "id": id, "survey": survey.id, "version": version, "answers": object], submission: id)
        armTimer(client)
    }

    private func queue(_ client: SimulatedSupervisor, _ message: [String: Any], submission: String? = nil) {
        guard let data = try? JSONSerialization.data(withJSONObject: message), let wsi = client.wsi else { return }
        client.outbox.append((Array(data), submission))
        lws_callback_on_writable(wsi)
    }

    private func write(_ client: SimulatedSupervisor) -> Int32 {
        guard !client.outbox.isEmpty, let wsi = client.wsi else { return 0 }
        let (frame, submission) = client.outbox.removeFirst()
        guard LwsFrame.write(frame, as: LWS_WRITE_TEXT, to: wsi, scratch: &scratch) else { return -1 }
        // Latency counts from the moment the submission is written to the socket.
        if let submission {
            let now = Date()
            client.inFlight[submission] = now
            submitTimes.append(now.timeIntervalSince1970)
        }
        if !client.outbox.isEmpty { lws_callback_on_writable(wsi) }
        return 0
    }
}

/// The simulator's C callback: a free function, so it carries no actor isolation.
func simulatorLwsCallback(
    _ wsi: OpaquePointer?, _ reason: lws_callback_reasons, _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?, _ length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let owner = lws_context_user(context) else { return 0 }
    return Unmanaged<Simulator>.fromOpaque(owner).takeUnretainedValue()
        .handle(wsi, reason: reason, session: user, input: input, length: length)
}

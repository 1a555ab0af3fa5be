import CLws
import Foundation
import SurveyCore
import SurveyStore

/// The HTTP admin API over lws.
extension ServerLoop {
    func beginHTTP(_ wsi: OpaquePointer, id: UInt64) -> Int32 {
        let (method, path) = methodAndPath(wsi)
        let isPost = method == "POST"
        // HEAD is GET without the body (RFC 9110 §9.3.2).
        let request = HTTPRequest(
            method: method == "HEAD" ? "GET" : method, path: path, query: queryArguments(wsi), authorization: header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION))
        let exchange = HTTPExchange(id: id, wsi: wsi, request: request)
        exchange.headOnly = method == "HEAD"
        exchanges[id] = exchange
        // A POST with a body waits for it; everything else is answered now.
        let hasBody =
            (Int(header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) ?? "0") ?? 0) > 0
            || header(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) != nil
        guard isPost && hasBody else { return respond(exchange, nil) }
        // Only an admin's body is read: anyone else is answered (401 or 404) from the headers and
        // hung up on, so bodies cannot be piled up in memory before the token is checked.
        // A unit's link may post only evidence files.
        let isEvidence = path.hasPrefix("/api/rectify/") && path.hasSuffix("/evidence")
        guard path.hasPrefix("/api/") && (admin.isAdmin(request.authorization) || (isEvidence && admin.unit(request.authorization) != nil))
        else {
            // The 401 or 404 it would get, decided from the headers (nothing to do, no body read).
            guard case .answer(let refusal, _) = admin.handle(request, hub: &hub, at: Date()) else { return -1 }
            return refuseAndLinger(exchange, refusal)
        }
        // A chunked body is not read (two different Content-Length headers get 400, from lws or from
        // a body that does not parse: RFC 9112 §6.3).
        if header(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) != nil {
            return refuseAndLinger(exchange, .error(.lengthRequired, "请求正文须带 Content-Length（不接受 Transfer-Encoding: chunked），未作任何更改"))
        }
        exchange.bodyLimit = isEvidence ? configuration.maxEvidenceBytes : configuration.maxRequestBodyBytes
        let declared = Int(header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) ?? "") ?? 0
        if declared > exchange.bodyLimit {
            // In MB, as people see file sizes, naming the file for an upload.
            let (size, limit) = (String(format: "%.1f MB", Double(declared) / 1_048_576), String(format: "%g MB", Double(exchange.bodyLimit) / 1_048_576))
            let what = isEvidence ? "文件“\(UntrustedText.forTerminal(String((request.query("name") ?? "").prefix(100))))”" : "请求正文"
            return refuseAndLinger(exchange, .error(.tooLarge, "\(what)大小 \(size)，超过上限 \(limit)，未作任何更改"))
        }
        if isEvidence, let refusal = admitUpload(exchange, path: path) { return refuseAndLinger(exchange, refusal) }
        // And it must arrive in time, not a byte every few seconds: the handshake's seconds, plus
        // what its length takes at a slow phone's 32 KiB a second.
        exchange.bodyDeadline = Date().addingTimeInterval(Double(configuration.handshakeTimeoutSeconds) + Double(declared) / Self.slowestBodyRate)
        exchange.body.reserveCapacity(min(declared, exchange.bodyLimit))
        return 0
    }

    /// Bytes a second a body may arrive at, at the slowest, before it is cut off.
    static let slowestBodyRate = 32.0 * 1024
    /// Evidence uploads arriving at once from one link (a unit or a staff member), and in all.
    static let uploadsPerLink = 2
    static let uploadsOverall = 8

    /// Checks an evidence upload from its headers, before its body is read: the name, the row and
    /// the unit's rights, then how many uploads are arriving already. Nil when its body may come,
    /// counted against its sender until it is answered or its connection closes.
    func admitUpload(_ exchange: HTTPExchange, path: String) -> HTTPResponse? {
        let parts = path.split(separator: "/")
        let unit = admin.unit(exchange.request.authorization)
        guard parts.count == 4, let number = Int(parts[2]) else { return AdminAPI.unknownRow(String(parts.count > 2 ? parts[2] : "")) }
        do {
            if case .failure(let refusal) = try admin.evidenceRow(number: number, exchange.request, unit: unit, hub: hub) { return refusal.response }
        } catch {
            return AdminAPI.internalError(error)
        }
        let key = unit.map { "unit:" + $0 } ?? "staff:" + (admin.staffMember(exchange.request.authorization)?.name ?? "")
        guard uploadsInFlight[key, default: 0] < Self.uploadsPerLink, uploadsInFlight.values.reduce(0, +) < Self.uploadsOverall else {
            return .error(
                .tooManyUploads, "同时上传的文件过多（每个链接最多 \(Self.uploadsPerLink) 个，全部最多 \(Self.uploadsOverall) 个），请等前面的文件传完再试")
        }
        uploadsInFlight[key, default: 0] += 1
        exchange.uploadKey = key
        return nil
    }

    /// An upload is answered or gone: it no longer counts against its sender.
    func releaseUpload(_ exchange: HTTPExchange) {
        guard let key = exchange.uploadKey else { return }
        exchange.uploadKey = nil
        let left = uploadsInFlight[key, default: 1] - 1
        uploadsInFlight[key] = left > 0 ? left : nil
    }

    /// The request's method and path, whatever the method (lws keeps each method's URI apart).
    func methodAndPath(_ wsi: OpaquePointer) -> (method: String, path: String) {
        var uri: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let index = Int(lws_http_get_uri_and_method(wsi, &uri, &length))
        let path = uri.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(length)), as: UTF8.self) } ?? "/"
        return (Self.methods.indices.contains(index) ? Self.methods[index] : "OTHER", path)
    }

    /// lws's `LWSHUMETH_` order.
    static let methods = ["GET", "POST", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "HEAD"]

    /// The URL's query arguments, which lws has already split at `&` and URL-decoded.
    func queryArguments(_ wsi: OpaquePointer) -> [(name: String, value: String)] {
        var arguments: [(name: String, value: String)] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        for index in 0..<64 {
            let length = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, Int32(index))
            guard length > 0 else { break }
            let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            arguments.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
        }
        return arguments
    }

    func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token) >= 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Computes the response (unless given) and writes it whole: headers, then body.
    ///
    /// lws keeps any part the socket does not take and sends it when writable, so one write suffices;
    /// then the transaction completes and a keep-alive connection is ready for the next request.
    func respond(_ exchange: HTTPExchange, _ given: HTTPResponse?) -> Int32 {
        let response: HTTPResponse
        if let given {
            response = given
        } else if exchange.request.method == "GET" && exchange.request.path == "/metrics" {
            response = HTTPResponse(status: 200, body: metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        } else {
            exchange.request.body = exchange.body
            // The body is handed over: the exchange keeps no copy while a keep-alive connection lasts.
            exchange.body = []
            defer { exchange.request.body = [] }
            releaseUpload(exchange)
            switch admin.handle(exchange.request, hub: &hub, at: Date()) {
            case .answer(let computed, let actions):
                perform(actions)
                response = computed
            case .read(let read):
                answerOffLoop(exchange, on: .global(qos: .userInitiated), read)
                return 0
            case .store(let store):
                // One change at a time, in the order they came: each applies to the hub before the next is stored.
                answerOffLoop(exchange, on: adminWrites, store)
                return 0
            }
        }
        exchange.answered = true
        // Every answer is its connection's last (see `answeredMark`).
        let written = writeResponse(
            exchange.wsi, status: UInt32(response.status), contentType: response.contentType, body: response.body,
            headers: [("cache-control:", "no-store"), ("connection:", "close")]
                + response.headers.sorted { $0.key < $1.key }.map { ($0.key + ":", $0.value) },
            headOnly: exchange.headOnly)
        guard written else { return -1 }
        // After a HEAD the connection closes: lws still counts the body it was told of.
        guard !exchange.headOnly else { return -1 }
        lws_set_opaque_user_data(exchange.wsi, Self.answeredMark)
        if lws_partial_buffered(exchange.wsi) != 0 { return closeOnceSent(exchange, bytes: response.body.count) }
        // All of it is out: end our side, so that the client reads its end at once, and let lws read
        // (and refuse) whatever the client pipelined, so that closing sends no reset.
        shutdown(lws_get_socket_fd(exchange.wsi), Int32(SHUT_WR))
        return lws_http_transaction_completed(exchange.wsi) != 0 ? -1 : 0
    }

    /// A response lws holds part of is sent whole and then its connection closes (the caller returns
    /// -1, which lws 4.1 turns into a flush that drops what the client still sends). Left to complete
    /// its transaction instead, it would stall for good once a pipelined request came in: lws parses
    /// that request against this one's headers and then no longer writes. lws allows a flush five
    /// seconds, renewed by `keepFlushing` for as long as the body takes at a slow phone's rate.
    func closeOnceSent(_ exchange: HTTPExchange, bytes: Int) -> Int32 {
        let seconds = Double(configuration.handshakeTimeoutSeconds) + Double(bytes) / Self.slowestBodyRate
        responsesFlushing[exchange.id] = (exchange.wsi, Date().addingTimeInterval(seconds))
        return -1
    }

    /// Renews lws's flush timeout of the responses still being sent, until each one's own deadline.
    func keepFlushing(at now: Date) {
        for (id, flushing) in responsesFlushing {
            guard now < flushing.until else {
                responsesFlushing[id] = nil
                continue
            }
            lws_set_timeout(flushing.wsi, PENDING_FLUSH_STORED_SEND_BEFORE_CLOSE, 5)
        }
    }

    /// Marks a connection whose API request has been answered, for as long as it lasts (lws keeps
    /// a connection's opaque data across its requests). Each answer says `Connection: close`, and a
    /// request pipelined behind it is not served: lws 4.1 mishandles pipelined requests, parsing one
    /// against the previous request's headers while an answer is still going out (running that
    /// request again), and spinning on a pipelined POST's body.
    static var answeredMark: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: 1) }

    /// How long a refused request's body is drained before the connection closes regardless.
    static let httpLingerSeconds = 5.0

    /// Answers a request whose body is still coming, and closes only once that body has been read
    /// and dropped (or after `httpLingerSeconds`): closing with unread data would send a reset, and a
    /// client still sending would never see the answer (nginx's lingering close).
    func refuseAndLinger(_ exchange: HTTPExchange, _ response: HTTPResponse) -> Int32 {
        releaseUpload(exchange)
        exchange.answered = true
        exchange.lingering = true
        exchange.body = []
        exchange.bodyDeadline = Date().addingTimeInterval(Self.httpLingerSeconds)
        let written = writeResponse(
            exchange.wsi, status: UInt32(response.status), contentType: response.contentType, body: response.body,
            headers: [("cache-control:", "no-store"), ("connection:", "close")])
        guard written else { return -1 }
        // The reply is out (lws holds none of it back): end our side now, so that a client waiting
        // for the connection to close reads its end at once, while what it still sends is drained.
        if lws_partial_buffered(exchange.wsi) == 0 { shutdown(lws_get_socket_fd(exchange.wsi), Int32(SHUT_WR)) }
        return 0
    }

    /// Answers a `CONNECT`, which lws 4.1 hands over only as a raw socket, with 405 (the server is
    /// no proxy) and closes it; left alone, lws would keep that socket open for good.
    func refuseConnect(_ wsi: OpaquePointer) -> Int32 {
        let response = HTTPResponse.error(.methodNotAllowed, "本服务器不是代理，不接受 CONNECT 请求")
        let head =
            "HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD, POST\r\ncontent-type: \(response.contentType)\r\n"
            + "content-length: \(response.body.count)\r\nconnection: close\r\n\r\n"
        let pre = survey_lws_pre()
        var buffer = [UInt8](repeating: 0, count: pre) + Array(head.utf8) + response.body
        let length = buffer.count - pre
        _ = buffer.withUnsafeMutableBufferPointer { lws_write(wsi, $0.baseAddress! + pre, length, LWS_WRITE_HTTP) }
        return -1
    }

    /// Answers `exchange` from work off the loop thread: its reading pauses (a pipelined request
    /// behind it waits unread), `work` runs on `queue`, and what it returns is applied to the hub
    /// and written. A failed `work` changed nothing, and the reply says so.
    func answerOffLoop(_ exchange: HTTPExchange, on queue: DispatchQueue, _ work: @escaping AdminStore) {
        exchange.answered = true
        // lws would otherwise parse the next request now and drop this exchange (RFC 9112 §9.3.2).
        lws_rx_flow_control(exchange.wsi, 0)
        let (database, id) = (database, exchange.id)
        offLoop(on: queue) {
            try work(database)
        } then: { [unowned self] result in
            switch result {
            case .success(let apply):
                // Applied whether or not the client is still there: it is stored.
                let (response, actions) = apply(&hub)
                perform(actions)
                readFinished(id, response)
            case .failure(let error):
                readFinished(id, AdminAPI.internalError(error))
            }
        }
    }

    /// An answer worked out off the loop thread is back: reading resumes, and it is written now (lws
    /// keeps what the socket does not take); a request pipelined behind it is then refused. Waiting
    /// for a writable callback instead would not do: lws serves neither reading nor writing on a
    /// connection whose reading is paused, and once reading resumes it parses the next request
    /// before the callback comes, which ends this exchange.
    func readFinished(_ id: UInt64, _ response: HTTPResponse) {
        guard let exchange = exchanges[id] else { return }  // the client has gone
        lws_rx_flow_control(exchange.wsi, 1)
        // Closed now, before lws reads on: a pipelined request parsed first would leave lws unable to
        // send the rest of the answer. A close from here flushes what lws holds first (a timeout's
        // close would not).
        if respond(exchange, response) != 0 { lws_set_timeout(exchange.wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_SYNC) }
    }

    /// Writes a whole response on `wsi`: status, type, length and `headers`, then the body (lws
    /// keeps whatever the socket does not take yet and sends it when writable), unless `headOnly`.
    func writeResponse(
        _ wsi: OpaquePointer, status: UInt32, contentType: String, body: [UInt8], headers: [(name: String, value: String)], headOnly: Bool = false
    ) -> Bool {
        let pre = survey_lws_pre()
        var buffer = [UInt8](repeating: 0, count: pre + 1024 + body.count)
        return buffer.withUnsafeMutableBufferPointer { buffer -> Bool in
            let start = buffer.baseAddress! + pre
            let end = start + 1023
            var cursor: UnsafeMutablePointer<UInt8>? = start
            guard lws_add_http_common_headers(wsi, status, contentType, lws_filepos_t(body.count), &cursor, end) == 0 else { return false }
            for (name, value) in headers {
                guard lws_add_http_header_by_name(wsi, name, value, Int32(value.utf8.count), &cursor, end) == 0 else { return false }
            }
            guard lws_finalize_http_header(wsi, &cursor, end) == 0, let headerEnd = cursor else { return false }
            let headerLength = headerEnd - start
            guard lws_write(wsi, start, headerLength, LWS_WRITE_HTTP_HEADERS) == Int32(headerLength) else { return false }
            if headOnly { return true }
            let bodyStart = start + headerLength
            body.withUnsafeBufferPointer { bodyStart.update(from: $0.baseAddress!, count: body.count) }
            return lws_write(wsi, bodyStart, body.count, LWS_WRITE_HTTP_FINAL) == Int32(body.count)
        }
    }
}

import CPostgres
import Foundation

/// One libpq connection, used by one thread at a time: `PostgresStore` checks it out for a
/// transaction and takes it back after. Statements' `?` placeholders become `$1`, `$2`, … and
/// arguments are sent as text with their types.
final class PostgresConnection: SQLConnection, @unchecked Sendable {
    private let handle: OpaquePointer
    var dialect: SQLDialect { .postgres }

    /// Connects; with a `schema`, every statement then works in it (`search_path`).
    init(url: String, schema: String?) throws {
        guard let handle = PQconnectdb(url) else { throw SQLError("无法分配 PostgreSQL 连接") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.oneLine(String(cString: PQerrorMessage(handle)))
            PQfinish(handle)
            let cause = PostgresConnectFailure.cause(of: message).map { "\($0)（libpq：\(message)）" } ?? message
            throw SQLError("无法连接 PostgreSQL（\(PostgresStore.redacted(url))）：\(cause)")
        }
        self.handle = handle
        // Notices ("already exists, skipping") are not errors: they stay out of the server's log.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Swift strings are UTF-8, whatever PGCLIENTENCODING the environment sets.
        guard PQsetClientEncoding(handle, "UTF8") == 0 else { throw SQLError("PostgreSQL 连接不能使用 UTF8 编码") }
        if let schema { try executeScript("SET search_path TO \(schema)") }
        try executeScript("SET idle_in_transaction_session_timeout = '\(PostgresStore.idleTransactionSeconds)s'")
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is still open (false once the server has dropped it and libpq noticed).
    var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether the connection is open and outside any transaction, so it can be reused.
    var isReusable: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    func execute(sql: String, arguments: [any SQLBindable]) throws -> Int {
        let result = try run(sql, arguments)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func rows(sql: String, arguments: [any SQLBindable]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        defer { PQclear(result) }
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        return (0..<PQntuples(result)).map { row in
            SQLRow(
                columns: columns,
                values: (0..<columnCount).map { column in
                    if PQgetisnull(result, row, column) != 0 { return .null }
                    return Self.value(String(cString: PQgetvalue(result, row, column)), type: types[Int(column)])
                })
        }
    }

    func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    func savepoint(_ body: () throws -> Void) throws {
        try executeScript("SAVEPOINT survey_step")
        do {
            try body()
            try executeScript("RELEASE SAVEPOINT survey_step")
        } catch {
            try executeScript("ROLLBACK TO SAVEPOINT survey_step; RELEASE SAVEPOINT survey_step")
            throw error
        }
    }

    /// Waits up to `timeout` seconds for the socket to be readable, then hands over the
    /// notifications that arrived as (channel, payload). Empty on timeout.
    func notifications(timeout: Double) throws -> [(channel: String, payload: String)] {
        var pending = drainNotifications()
        guard pending.isEmpty else { return pending }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        guard ready > 0 else { return [] }
        guard PQconsumeInput(handle) == 1 else { throw SQLError(errorMessage) }
        pending = drainNotifications()
        return pending
    }

    private func drainNotifications() -> [(channel: String, payload: String)] {
        var found: [(channel: String, payload: String)] = []
        while let notice = PQnotifies(handle) {
            found.append((String(cString: notice.pointee.relname), String(cString: notice.pointee.extra)))
            PQfreemem(notice)
        }
        return found
    }

    private var errorMessage: String {
        Self.oneLine(String(cString: PQerrorMessage(handle)))
    }

    /// libpq's multi-line messages on one line, for the log and the CLI.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> OpaquePointer {
        let encoded = arguments.map { Self.encode($0.sqlValue) }
        let types = encoded.map(\.type)
        let buffers = encoded.map(\.bytes)
        let formats = encoded.map { $0.binary ? Int32(1) : 0 }
        let lengths = buffers.map { Int32($0?.count ?? 0) }
        let pointers = buffers.map { buffer -> UnsafeMutablePointer<CChar>? in
            guard let buffer else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(buffer.count, 1))
            buffer.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { pointer.initialize(from: base.assumingMemoryBound(to: CChar.self), count: buffer.count) }
            }
            return pointer
        }
        defer { pointers.forEach { $0?.deallocate() } }
        let result = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(handle, Self.numbered(sql), Int32(values.count), types, values.baseAddress, lengths, formats, 0)
        }
        guard let result else { throw SQLError(errorMessage) }
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer?) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK: return
        default:
            let message = Self.oneLine(result.map { String(cString: PQresultErrorMessage($0)) } ?? errorMessage)
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            throw SQLError(isOpen ? message : "与 PostgreSQL 的连接已断开（\(message)）", state: state)
        }
    }

    /// `?` placeholders outside quotes as `$1`, `$2`, …
    static func numbered(_ sql: String) -> String {
        var output = ""
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// A parameter as libpq takes it: its type OID, its bytes (NUL-terminated text, or raw bytes in
    /// binary format for bytea) and which format. NULL has no bytes and lets the server infer the type.
    static func encode(_ value: SQLValue) -> (type: Oid, bytes: [UInt8]?, binary: Bool) {
        switch value {
        case .null: (0, nil, false)
        case .integer(let number): (20, Array(String(number).utf8) + [0], false)
        case .real(let number): (701, Array(String(number).utf8) + [0], false)
        case .text(let text): (25, Array(text.utf8) + [0], false)
        case .blob(let bytes): (17, bytes, true)
        }
    }

    /// bytea's text form: `\x` and two hex digits per byte.
    static func bytes(hex text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        func value(_ digit: UInt8) -> UInt8 { digit <= 57 ? digit - 48 : (digit | 0x20) - 87 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    /// A text-format result value as the SQL layer's type, by its column's type OID.
    static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 20, 21, 23: .integer(Int64(text) ?? 0)
        case 700, 701, 1700: .real(Double(text) ?? 0)
        case 16: .integer(text == "t" ? 1 : 0)
        case 17: .blob(Self.bytes(hex: text))
        default: .text(text)
        }
    }
}

import Foundation

/// Encoders for the messages the server sends (protocol v1, docs/PROTOCOL.md).
public enum ServerMessage {
    /// The answer to a successful `hello`: who you are, the open surveys, and what you already submitted.
    /// `followUps` are the 回访 still waiting for their answer.
    public static func welcome(
        supervisor: Supervisor, surveys: [PublishedSurvey], receipts: [SubmissionRecord], followUps: [FollowUpNotice] = []
    ) -> [UInt8] {
        let who = CanonicalJSON.bytes(SupervisorInfo(id: supervisor.id, name: supervisor.name, category: supervisor.category))
        let submitted = CanonicalJSON.bytes(receipts.map { Receipt($0, id: $0.id) })
        var frame = Array(#"{"followups":"#.utf8) + CanonicalJSON.bytes(followUps)
        frame += Array(#","submissions":"#.utf8) + submitted
        frame += Array(#","supervisor":"#.utf8) + who
        frame += Array(#","surveys":["#.utf8)
        for (index, survey) in surveys.enumerated() {
            if index > 0 { frame.append(UInt8(ascii: ",")) }
            frame += survey.payload
        }
        frame += Array(#"],"type":"welcome","v":1}"#.utf8)
        return frame
    }

    /// Acknowledges a stored submission. An identical resend gets the same bytes.
    /// `id` is the submission id as the client sent it (any case), the stored one by default.
    public static func ack(_ record: SubmissionRecord, id: String? = nil) -> [UInt8] {
        // Written directly (every answer gets one); the encoder's bytes when a field needs escaping.
        var frame = Array(#"{"id":"#.utf8)
        frame.reserveCapacity(140)
        let storedAt = Timestamp.string(record.storedAt ?? record.receivedAt)
        guard CanonicalJSON.appendString(id ?? record.id, to: &frame) else { return encodedAck(record, id: id) }
        frame += Array(#","storedAt":"#.utf8)
        guard CanonicalJSON.appendString(storedAt, to: &frame) else { return encodedAck(record, id: id) }
        frame += Array(#","survey":"#.utf8)
        guard CanonicalJSON.appendString(record.survey, to: &frame) else { return encodedAck(record, id: id) }
        frame += Array(#","type":"ack","v":1,"version":"#.utf8)
        frame += Array(String(record.version).utf8)
        frame.append(UInt8(ascii: "}"))
        return frame
    }

    /// The ack through the encoder: the reference the direct writer matches.
    private static func encodedAck(_ record: SubmissionRecord, id: String? = nil) -> [UInt8] {
        CanonicalJSON.bytes(Ack(receipt: Receipt(record, id: id ?? record.id)))
    }

    /// Tells pages that a survey no longer takes answers.
    public static func closed(survey: String) -> [UInt8] {
        CanonicalJSON.bytes(Closed(survey: survey))
    }

    /// Asks a supervisor who has not answered to do so.
    public static func remind(_ survey: PublishedSurvey) -> [UInt8] {
        CanonicalJSON.bytes(Remind(survey: survey.survey.id, message: String(decoding: remindText(survey), as: UTF8.self)))
    }

    /// The reminder's words, for the page and for text messages.
    public static func remindText(_ survey: PublishedSurvey) -> [UInt8] {
        var message = "政务服务办提醒您：请尽快填写问卷“\(survey.survey.title)”"
        if let deadline = survey.deadline { message += "，截止时间 \(Timestamp.string(deadline))" }
        return Array((message + "。").utf8)
    }

    /// Asks a supervisor for their verdict on a row they raised, now marked 已整改.
    public static func followUp(_ notice: FollowUpNotice) -> [UInt8] {
        CanonicalJSON.bytes(FollowUpMessage(followup: notice))
    }

    /// Confirms a stored 回访 answer.
    public static func followUpAck(row: Int) -> [UInt8] {
        CanonicalJSON.bytes(FollowUpAck(row: row))
    }

    /// A 回访 that is over before the supervisor answered (its row signed off or taken back): the
    /// page takes its card away.
    public static func followUpWithdrawn(row: Int, reason: String) -> [UInt8] {
        CanonicalJSON.bytes(FollowUpWithdrawn(reason: reason, row: row))
    }

    /// A typed error. `ref` names what it answers: a submission id or a message type (the error's
    /// own `ref` when not given).
    public static func error(_ error: ProtocolError, ref: String? = nil) -> [UInt8] {
        CanonicalJSON.bytes(ErrorBody(code: error.code, message: error.message, question: error.question, ref: ref ?? error.ref))
    }

    /// The error code of a frame made by `error(_:ref:)`, or nil for any other frame. Canonical JSON
    /// sorts keys, so an error frame, and only an error frame, begins with `{"code":"`.
    public static func errorCode(of frame: [UInt8]) -> String? {
        guard frame.starts(with: errorPrefix) else { return nil }
        let rest = frame[errorPrefix.count...]
        guard let end = rest.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: rest[..<end], as: UTF8.self)
    }

    private static let errorPrefix = Array(#"{"code":""#.utf8)

    private struct SupervisorInfo: Encodable {
        let id: String
        let name: String
        let category: SupervisorCategory
    }

    private struct Receipt: Encodable {
        let id: String
        let survey: String
        let version: Int
        let storedAt: String
        init(_ record: SubmissionRecord, id: String) {
            self.id = id
            survey = record.survey
            version = record.version
            storedAt = Timestamp.string(record.storedAt ?? record.receivedAt)
        }
    }

    private struct Ack: Encodable {
        let receipt: Receipt
        func encode(to encoder: any Encoder) throws {
            try receipt.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("ack", forKey: .type)
            try container.encode(1, forKey: .v)
        }
        enum Key: String, CodingKey { case type, v }
    }

    private struct Closed: Encodable {
        let survey: String
        let type = "closed"
        let v = 1
    }

    private struct Remind: Encodable {
        let survey: String
        let message: String
        let type = "remind"
        let v = 1
    }

    private struct FollowUpMessage: Encodable {
        let followup: FollowUpNotice
        let type = "followup"
        let v = 1
    }

    private struct FollowUpWithdrawn: Encodable {
        let reason: String
        let row: Int
        let type = "followup_withdrawn"
        let v = 1
    }

    private struct FollowUpAck: Encodable {
        let row: Int
        let type = "followup_ack"
        let v = 1
    }

    private struct ErrorBody: Encodable {
        let code: ErrorCode
        let message: String
        let question: String?
        let ref: String?
        let type = "error"
        let v = 1
    }
}

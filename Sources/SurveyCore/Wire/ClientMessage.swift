import Foundation

/// A message from a supervisor's page to the server (protocol v1, docs/PROTOCOL.md).
public enum ClientMessage: Sendable, Equatable {
    /// First message on a connection: the personal token.
    case hello(token: String)
    /// The page has the survey: delivery confirmed.
    case received(survey: String, version: Int)
    /// The supervisor opened the survey.
    case opened(survey: String, version: Int)
    /// A completed questionnaire.
    case submit(Submission)
    /// First message of a projector: its read-only token, and optionally the survey to show.
    case watch(token: String, survey: String?)
    /// A supervisor's 回访 answer on a row they raised.
    case followUpAnswer(row: Int, verdict: FollowUpVerdict, comment: String?)
    /// First message of a responsible unit's page: its link token.
    case unitHello(token: String)
    /// A unit's step on one of its rows.
    case unit(UnitRequest)

    /// The protocol version this server speaks.
    public static let protocolVersion = 1

    /// What an error about this message carries as `ref`: a submission's id, the survey a delivery
    /// report names, else the message's type.
    public var ref: String {
        switch self {
        case .hello: "hello"
        case .received(let survey, _), .opened(let survey, _): survey
        case .submit(let submission): submission.sentID
        case .watch: "watch"
        case .followUpAnswer: "followup_answer"
        case .unitHello: "unit_hello"
        case .unit(let request): request.type
        }
    }

    /// Decodes one text frame, or says precisely what is wrong with it.
    public static func decode(_ bytes: [UInt8]) -> Result<ClientMessage, ProtocolError> {
        if let fields = FastMessageReader.fields(of: bytes), let message = message(from: fields) { return .success(message) }
        return decodeFully(bytes)
    }

    /// The message the fast reader's fields make, or nil when they do not make one exactly (the full
    /// decoder then says what is wrong).
    static func message(from fields: [String: FastMessageReader.Value]) -> ClientMessage? {
        guard fields["v"] == .integer(protocolVersion), case .string(let type)? = fields["type"] else { return nil }
        func text(_ key: String) -> String? { if case .string(let value)? = fields[key] { value } else { nil } }
        func integer(_ key: String) -> Int? { if case .integer(let value)? = fields[key] { value } else { nil } }
        switch type {
        case "hello":
            return text("token").map { .hello(token: $0) }
        case "watch":
            guard let token = text("token"), fields["survey"] == nil || text("survey") != nil else { return nil }
            return .watch(token: token, survey: text("survey"))
        case "received", "opened":
            guard let survey = text("survey"), let version = integer("version") else { return nil }
            return type == "received" ? .received(survey: survey, version: version) : .opened(survey: survey, version: version)
        case "submit":
            guard let id = text("id"), let uuid = UUID(uuidString: id), let survey = text("survey"), let version = integer("version"),
                case .answers(let answers)? = fields["answers"]
            else { return nil }
            return .submit(Submission(id: uuid.uuidString.lowercased(), sentID: id, survey: survey, version: version, answers: answers))
        default:
            return nil
        }
    }

    /// The full decoder, with Foundation's JSONDecoder and an error naming what is wrong.
    static func decodeFully(_ bytes: [UInt8]) -> Result<ClientMessage, ProtocolError> {
        if let key = DuplicateKeyScanner.firstDuplicate(in: bytes) {
            return .failure(ProtocolError(.badJSON, "消息中字段“\(key.prefix(64))”重复出现"))
        }
        let data = Data(bytes)
        let notAnObject = ProtocolError(.badJSON, "消息不是有效的 JSON 对象")
        let decoder = JSONDecoder()
        do {
            let envelope = try decoder.decode(Envelope.self, from: data)
            guard envelope.v == protocolVersion else {
                return .failure(ProtocolError(.unsupportedVersion, "不支持的协议版本 \(envelope.v)，本服务器使用 v\(protocolVersion)"))
            }
            switch envelope.type {
            case "hello":
                return .success(.hello(token: try decoder.decode(Hello.self, from: data).token))
            case "watch":
                let body = try decoder.decode(Watch.self, from: data)
                return .success(.watch(token: body.token, survey: body.survey))
            case "received":
                let ref = try decoder.decode(SurveyRef.self, from: data)
                return .success(.received(survey: ref.survey, version: ref.version))
            case "opened":
                let ref = try decoder.decode(SurveyRef.self, from: data)
                return .success(.opened(survey: ref.survey, version: ref.version))
            case "followup_answer":
                let body = try decoder.decode(FollowUpBody.self, from: data)
                guard let verdict = FollowUpVerdict(rawValue: body.verdict) else {
                    return .failure(
                        ProtocolError(
                            .badMessage, "字段 verdict 须为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）",
                            ref: "followup_answer"))
                }
                let comment = body.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
                guard (comment?.count ?? 0) <= 500 else {
                    return .failure(ProtocolError(.tooLarge, "回访意见最多 500 字", ref: "followup_answer"))
                }
                return .success(.followUpAnswer(row: body.row, verdict: verdict, comment: comment?.isEmpty == false ? comment : nil))
            case "unit_hello":
                return .success(.unitHello(token: try decoder.decode(Hello.self, from: data).token))
            case "unit_progress":
                let body = try decoder.decode(UnitProgressBody.self, from: data)
                let note = body.note.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !note.isEmpty, note.count <= 2000 else {
                    return .failure(ProtocolError(.badMessage, note.isEmpty ? "请填写进展情况" : "进展情况最多 2000 字", ref: "unit_progress"))
                }
                if UntrustedText.hasControlOrBidi(note) {
                    return .failure(ProtocolError(.badMessage, "进展情况除换行外不能含控制字符", ref: "unit_progress"))
                }
                return .success(.unit(.progress(row: body.row, note: note)))
            case "unit_receipt":
                let body = try decoder.decode(UnitReceiptBody.self, from: data)
                let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty, name.count <= 32 else {
                    return .failure(ProtocolError(.badMessage, "请填写签收人姓名（不超过 32 个字）", ref: "unit_receipt"))
                }
                return .success(.unit(.receipt(row: body.row, name: name)))
            case "unit_measure_done":
                let body = try decoder.decode(UnitMeasureBody.self, from: data)
                return .success(.unit(.measureDone(row: body.row, index: body.measure)))
            case "submit":
                let body = try decoder.decode(SubmitBody.self, from: data)
                let ref = String(body.id.prefix(64))
                guard let uuid = UUID(uuidString: body.id) else {
                    return .failure(ProtocolError(.badMessage, "字段 id 须为 UUID，收到“\(ref)”", ref: ref))
                }
                // Values of no answer type (null, an object) are named once the survey is known.
                let answers = body.answers.compactMapValues(\.value)
                return .success(
                    .submit(
                        Submission(
                            id: uuid.uuidString.lowercased(), sentID: body.id, survey: body.survey, version: body.version, answers: answers,
                            unreadable: body.answers.filter { $0.value.value == nil }.keys.sorted())))
            default:
                return .failure(ProtocolError(.unknownType, "未知的消息类型“\(envelope.type.prefix(64))”"))
            }
        } catch let error as DecodingError {
            // Only a message that fails is parsed a second time, to tell bad JSON from a bad message.
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return .failure(notAnObject) }
            let type = object["type"] as? String
            let ref =
                type == "submit"
                ? (object["id"] as? String).map { String($0.prefix(64)) }
                : Self.refTypes.contains(type ?? "") ? type : nil
            return .failure(ProtocolError(.badMessage, describe(error), ref: ref))
        } catch {
            return .failure(ProtocolError(.badMessage, "消息格式错误"))
        }
    }

    /// A Chinese description of a decoding failure that names the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "缺少字段 \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "字段 \(path(context.codingPath)) 的类型不对"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "消息格式错误" : "字段 \(path(context.codingPath)) 的值无效"
        @unknown default:
            return "消息格式错误"
        }
    }

    /// Message types whose errors carry the type as `ref`.
    static let refTypes: Set = ["hello", "watch", "received", "opened", "followup_answer", "unit_hello", "unit_progress", "unit_measure_done"]

    private struct Envelope: Decodable {
        let v: Int
        let type: String
    }
    private struct FollowUpBody: Decodable {
        let row: Int
        let verdict: String
        let comment: String?
    }
    private struct UnitProgressBody: Decodable {
        let row: Int
        let note: String
    }
    private struct UnitReceiptBody: Decodable {
        let row: Int
        let name: String
    }
    private struct UnitMeasureBody: Decodable {
        let row: Int
        let measure: Int
    }
    private struct Hello: Decodable { let token: String }
    private struct Watch: Decodable {
        let token: String
        let survey: String?
    }
    private struct SurveyRef: Decodable {
        let survey: String
        let version: Int
    }
    private struct SubmitBody: Decodable {
        let id: String
        let survey: String
        let version: Int
        let answers: [String: AnswerSlot]
    }

    /// One answer, or nil when its JSON is of no answer type (null, an object, a list of non-strings).
    private struct AnswerSlot: Decodable {
        let value: AnswerValue?
        init(from decoder: any Decoder) throws { value = try? AnswerValue(from: decoder) }
    }
}

/// What a responsible unit's page asks of the server.
public enum UnitRequest: Sendable, Equatable {
    /// Add a dated progress entry to row `row`.
    case progress(row: Int, note: String)
    /// Measure `index` (from 1) of row `row` is done.
    case measureDone(row: Int, index: Int)
    /// The lead unit signs for row `row`'s 交办单 (签收), by the name of the person who signs.
    case receipt(row: Int, name: String)

    /// The row it concerns.
    public var row: Int {
        switch self {
        case .progress(let row, _), .measureDone(let row, _), .receipt(let row, _): row
        }
    }

    /// The message type, for an error's `ref`.
    public var type: String {
        switch self {
        case .progress: "unit_progress"
        case .measureDone: "unit_measure_done"
        case .receipt: "unit_receipt"
        }
    }
}

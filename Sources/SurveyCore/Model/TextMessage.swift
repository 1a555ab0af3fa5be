/// A text message (短信) to one person: a reminder, a 交办 notice or a 回访 invitation.
public struct TextMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case remind, assign, followup, urge, token }

    public var kind: Kind
    /// A supervisor's id or a unit's name.
    public var recipient: String
    public var phone: String?
    public var text: String
    /// Part of `text` that is sent but never recorded (a token).
    public var secret: String?

    public init(kind: Kind, recipient: String, phone: String?, text: String, secret: String? = nil) {
        self.kind = kind
        self.recipient = recipient
        self.phone = phone
        self.text = text
        self.secret = secret
    }

    /// The message as its log keeps it: the secret hidden.
    public var recorded: TextMessage {
        guard let secret, !secret.isEmpty else { return self }
        return TextMessage(kind: kind, recipient: recipient, phone: phone, text: text.replacingOccurrences(of: secret, with: "（已隐去）"))
    }
}

/// What became of one text message, as recorded.
public struct TextMessageRecord: Codable, Sendable, Equatable {
    public enum Result: String, Codable, Sendable { case sent, failed, noPhone = "no_phone" }

    public var at: String
    public var message: TextMessage
    public var result: Result
    /// The gateway's exit status or error, when it failed.
    public var detail: String?

    public init(at: String, message: TextMessage, result: Result, detail: String?) {
        self.at = at
        self.message = message
        self.result = result
        self.detail = detail
    }
}

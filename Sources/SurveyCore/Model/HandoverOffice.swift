/// What the office prints on its 交办单: the 交办编号's prefix and who units call about it.
public struct HandoverOffice: Codable, Sendable, Equatable {
    /// The prefix of 交办编号 (东政服交 gives 东政服交〔2026〕15号).
    public var prefix: String
    public var contact: String?
    public var phone: String?
    /// Whether the 交办 text carries the unit's own link (`sms_link: true`); the server then keeps
    /// units' link tokens readable, not only their hashes.
    public var smsLink = false

    public init(prefix: String = "交办", contact: String? = nil, phone: String? = nil) {
        self.prefix = prefix
        self.contact = contact
        self.phone = phone
    }
}

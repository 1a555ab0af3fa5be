/// A 责任单位: a bureau or agency that carries out 整改 and reports its own progress through its link.
public struct ResponsibleUnit: Codable, Sendable, Equatable {
    public var name: String
    /// 联系人 and their phone, for 交办 notices.
    public var contact: String?
    public var phone: String?

    public init(name: String, contact: String? = nil, phone: String? = nil) {
        self.name = name
        self.contact = contact
        self.phone = phone
    }
}

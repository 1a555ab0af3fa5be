/// A document's 版头 (GB/T 9704): the issuing office's mark (发文机关标志, e.g. 东丽区政务服务办公室文件),
/// the document number (发文字号) and, for a report going up the chain, the 签发人.
public struct Masthead: Codable, Sendable, Equatable {
    public var mark: String
    public var number: String?
    public var signer: String?

    public init(mark: String, number: String? = nil, signer: String? = nil) {
        self.mark = mark
        self.number = number
        self.signer = signer
    }
}

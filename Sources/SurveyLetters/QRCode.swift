import CQREncode

/// A QR code made by libqrencode (Debian's libqrencode-dev): a square of dark and light modules.
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// Row by row, true for dark.
    public let modules: [Bool]

    /// Encodes `text` as bytes with error correction M (15 %), or nil when it does not fit.
    public init?(_ text: String) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // Bit 0 of each byte is the module's colour.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// The code as SVG with a 4-module quiet zone, one path for all dark modules; scales to any size.
    public func svg(sideMillimetres: Int) -> String {
        let side = size + 8
        var path = ""
        for row in 0..<size {
            for column in 0..<size where modules[row * size + column] {
                path += "M\(column + 4) \(row + 4)h1v1h-1z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(sideMillimetres)mm\" height=\"\(sideMillimetres)mm\" "
            + "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"个人链接二维码\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

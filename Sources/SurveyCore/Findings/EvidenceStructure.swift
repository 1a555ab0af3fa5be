/// Checks of an evidence file's structure beyond its first bytes: that it is whole, that it carries
/// no web page a browser could be made to run (a polyglot), and that a Word or Excel package's zip
/// directory lists its parts within a sane inflated size. Nothing is inflated or run.
enum EvidenceStructure {
    /// The most a package may inflate to: far beyond any report or 台账, far below a zip bomb.
    static let maxInflatedBytes: UInt64 = 256 << 20

    /// Why `bytes`, taken for `type` by their first bytes, are refused; nil when they may be kept.
    static func problem(_ type: EvidenceType, _ bytes: [UInt8]) -> String? {
        // ASCII lowercased once, for the markers below (all ASCII): the whole of a PDF, whose script
        // actions may be anywhere, and the first MiB of anything else.
        let lowered = (type == .pdf ? bytes[...] : bytes.prefix(1 << 20)).map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        if carriesWebPage(lowered.prefix(1 << 20)) { return "含有网页代码（HTML 或脚本），可能被浏览器当作网页执行" }
        switch type {
        case .pdf:
            // PDF actions that run script when the file is opened (as pdfid counts them).
            if lowered.contains(Array("/javascript".utf8)) || lowered.contains(Array("/js ".utf8)) || lowered.contains(Array("/js(".utf8)) {
                return "含有 PDF 脚本（JavaScript），打开时会执行"
            }
            // A PDF ends with its cross-reference pointer (startxref or an older trailer) and %%EOF.
            let tail = Array(bytes.suffix(2048))
            guard tail.contains(Array("%%EOF".utf8)), tail.contains(Array("startxref".utf8)) || bytes.contains(Array("trailer".utf8))
            else { return "不完整（找不到 PDF 的结尾 %%EOF 和交叉引用），可能已损坏或被截断" }
        case .png:
            // The last chunk is IEND, then its CRC.
            guard bytes.count >= 20, Array(bytes[(bytes.count - 8)..<(bytes.count - 4)]) == Array("IEND".utf8) else {
                return "不完整（PNG 没有结束块 IEND），可能已损坏或被截断"
            }
        case .jpeg:
            let trimmed = bytes.reversed().drop { $0 == 0 || $0 == 0x0A || $0 == 0x0D }
            guard Array(trimmed.prefix(2)) == [0xD9, 0xFF] else { return "不完整（JPEG 没有结束标记），可能已损坏或被截断" }
        case .docx, .xlsx:
            return packageProblem(type, bytes)
        case .doc, .xls:
            break
        }
        return nil
    }

    /// Whether `lowered` (the file's first MiB, ASCII lowercased) holds the start of a web page or a
    /// script, where a browser sniffing it would look.
    static func carriesWebPage(_ lowered: ArraySlice<UInt8>) -> Bool {
        ["<html", "<script", "<!doctype html", "<iframe", "<svg", "javascript:"].contains { lowered.contains(Array($0.utf8)) }
    }

    /// Reads the zip's central directory: the parts `type` needs must be listed, and the whole must
    /// inflate to at most `maxInflatedBytes`.
    static func packageProblem(_ type: EvidenceType, _ bytes: [UInt8]) -> String? {
        let notPackage = "是压缩包，但不是 \(type.label)"
        func word(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func long(_ at: Int) -> UInt64 { UInt64(word(at)) | UInt64(word(at + 2)) << 16 }
        // The end-of-central-directory record: within the last 64 KiB and 22 bytes.
        let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let lowest = max(0, bytes.count - 65_557)
        guard bytes.count >= 22, let record = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: { Array(bytes[$0..<$0 + 4]) == end })
        else { return notPackage }
        let count = word(record + 10)
        let directory = Int(long(record + 16))
        guard count > 0, count < 10_000, directory < record else { return notPackage }
        var names: [String] = []
        var inflated: UInt64 = 0
        var at = directory
        for _ in 0..<count {
            guard at + 46 <= record, Array(bytes[at..<at + 4]) == [0x50, 0x4B, 0x01, 0x02] else { return notPackage }
            let size = long(at + 24)
            guard size != 0xFFFF_FFFF else { return "解压后过大（ZIP64），不像\(type.label)" }
            inflated += size
            let (nameLength, extra, comment) = (word(at + 28), word(at + 30), word(at + 32))
            guard at + 46 + nameLength <= record else { return notPackage }
            names.append(String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self))
            at += 46 + nameLength + extra + comment
        }
        if inflated > maxInflatedBytes {
            return "解压后有 \(inflated >> 20) MB，超过 \(maxInflatedBytes >> 20) MB，不像\(type.label)（可能是压缩炸弹）"
        }
        guard names.contains("[Content_Types].xml"), let part = type.packagePart, names.contains(where: { $0.hasPrefix(part) }) else {
            return notPackage
        }
        // A web page or script among the parts (compressed, so no byte of it shows above).
        let scripted = [".html", ".htm", ".mht", ".mhtml", ".js", ".svg", ".hta", ".vbs", ".exe"]
        if let page = names.first(where: { name in scripted.contains { name.lowercased().hasSuffix($0) } }) {
            return "含有网页或脚本部件“\(page)”，不像正常的\(type.label)"
        }
        return nil
    }
}

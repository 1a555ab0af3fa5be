/// One 佐证材料 file of a row, stored in the data directory under its SHA-256.
public struct EvidenceFile: Codable, Sendable, Equatable {
    public var sha256: String
    /// The file name as uploaded (display only; never a path).
    public var name: String
    public var size: Int
    public var type: EvidenceType
    /// Who uploaded it: a staff member's or a unit's name.
    public var uploadedBy: String
    public var at: String

    public init(sha256: String, name: String, size: Int, type: EvidenceType, uploadedBy: String, at: String) {
        self.sha256 = sha256
        self.name = name
        self.size = size
        self.type = type
        self.uploadedBy = uploadedBy
        self.at = at
    }

    /// What is wrong with an evidence file's name, in words; nil when it may be kept. The CLI asks
    /// before it uploads: the server sees a name only up to its first control character.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "请用 ?name=文件名 给出文件名" }
        if name.count > 100 { return "文件名不超过 100 个字符（“\(name.prefix(20))…”有 \(name.count) 个）" }
        if name.contains("/") || name.contains("\\") {
            return "文件名“\(UntrustedText.forTerminal(String(name.prefix(40))))”含路径（/ 或 \\），只写文件本身的名称"
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "文件名“\(UntrustedText.forTerminal(String(name.prefix(40))))”含换行等控制字符，请改名后上传"
        }
        if name.unicodeScalars.contains(where: UntrustedText.isBidiControl) {
            return "文件名“\(UntrustedText.forTerminal(String(name.prefix(40))))”含双向文字控制符（如 U+202E），会使文件名显示为另一种文件，请改名后上传"
        }
        return nil
    }

    /// Name, size and the start of the hash, for lists and the 台账.
    public var summary: String {
        "\(name)（\(shownSize)，SHA-256 \(sha256.prefix(12))…）"
    }

    /// Name, size and the whole hash, for the person who checks the file before signing off.
    public var fullSummary: String {
        "\(name)（\(shownSize)，SHA-256 \(sha256)）"
    }

    private var shownSize: String { size < 1024 ? "\(size) 字节" : "\((size + 1023) / 1024) KB" }
}

/// The kinds of file accepted as evidence, told by their first bytes and their name together.
public enum EvidenceType: String, Codable, Sendable, CaseIterable {
    case pdf, png, jpeg, docx, xlsx, doc, xls

    /// The MIME type served back.
    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        }
    }

    /// The type of `bytes` named `name`, or a Chinese reason why it is refused.
    public static func detect(name: String, bytes: [UInt8]) -> Result<EvidenceType, EvidenceError> {
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let accepted = "PDF、PNG、JPEG 图片、Word（.doc/.docx）、Excel（.xls/.xlsx）"
        guard !bytes.isEmpty else { return .failure(EvidenceError("文件“\(name)”是空的")) }
        let byMagic: [EvidenceType]
        if bytes.starts(with: Array("%PDF-".utf8)) {
            byMagic = [.pdf]
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            byMagic = [.png]
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            byMagic = [.jpeg]
        } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            byMagic = [.docx, .xlsx]
        } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            byMagic = [.doc, .xls]
        } else {
            byMagic = []
        }
        let named: EvidenceType? =
            switch suffix {
            case "jpg", "jpeg": .jpeg
            default: EvidenceType(rawValue: suffix)
            }
        if byMagic.isEmpty, let named {
            return .failure(EvidenceError("文件“\(name)”的内容不是 \(named.label)（可能已损坏，或只是改了扩展名），只接受 \(accepted)"))
        }
        guard !byMagic.isEmpty else { return .failure(EvidenceError("文件“\(name)”的类型不在允许之列，只接受 \(accepted)")) }
        guard let named, byMagic.contains(named) else {
            return .failure(EvidenceError("文件“\(name)”的扩展名与内容不符（内容是 \(byMagic.map(\.rawValue).joined(separator: "/"))），只接受 \(accepted)"))
        }
        // The first bytes say what it claims to be; its structure says whether it is that, whole.
        if let problem = EvidenceStructure.problem(named, bytes) {
            return .failure(EvidenceError("文件“\(name)”\(problem)，只接受 \(accepted)"))
        }
        return .success(named)
    }

    /// The kind in words, for refusals.
    var label: String {
        switch self {
        case .pdf: "PDF"
        case .png: "PNG 图片"
        case .jpeg: "JPEG 图片"
        case .docx, .doc: "Word 文档"
        case .xlsx, .xls: "Excel 表格"
        }
    }

    /// The folder every Word or Excel package names among its parts.
    var packagePart: String? {
        switch self {
        case .docx: "word/"
        case .xlsx: "xl/"
        default: nil
        }
    }
}

/// Why an evidence file was refused, in Chinese.
public struct EvidenceError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

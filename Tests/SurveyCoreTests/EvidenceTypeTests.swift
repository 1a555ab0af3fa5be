import Foundation
import SurveyCore
import Testing

@testable import SurveyReports

/// What a 佐证材料 file is taken for: its first bytes, its structure and its name must agree, and a
/// refusal says why.
@Suite struct EvidenceTypeTests {
    func refusal(_ name: String, _ bytes: [UInt8]) -> String {
        if case .failure(let error) = EvidenceType.detect(name: name, bytes: bytes) { return error.message }
        return ""
    }

    /// A real zip package holding `parts` (written by the Word report's own zip writer).
    static func package(_ parts: [(String, String)]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID().uuidString).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DocxReport.write(parts, to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n".utf8)

    @Test func aFileWhoseContentIsNotWhatItsNameSaysIsNamedSo() {
        #expect(refusal("fake.pdf", Array("just text".utf8)).contains("内容不是 PDF"))
        #expect(refusal("run.sh", Array("#!/bin/sh".utf8)).contains("类型不在允许之列"))
        #expect(refusal("照片.JPG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).contains("扩展名与内容不符"))
    }

    @Test func aZipIsOnlyWordOrExcelWhenItsDirectoryListsTheirParts() throws {
        let types = ("[Content_Types].xml", "<Types/>")
        let word = try Self.package([types, ("word/document.xml", "<w:document/>")])
        let excel = try Self.package([types, ("xl/workbook.xml", "<workbook/>")])
        #expect(try EvidenceType.detect(name: "整改报告.docx", bytes: word).get() == .docx)
        #expect(try EvidenceType.detect(name: "台账.xlsx", bytes: excel).get() == .xlsx)
        #expect(refusal("表.xlsx", word).contains("不是 Excel 表格"))
        #expect(refusal("fake.docx", try Self.package([("hello.txt", "hello")])).contains("不是 Word 文档"))
        // The magic bytes and the part names as text, with no zip directory behind them.
        let markers = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml....".utf8)
        #expect(refusal("假.docx", markers).contains("不是 Word 文档"))
    }

    /// A zip whose parts would inflate past what any 佐证材料 needs (a zip bomb) is refused.
    @Test func aZipBombIsRefused() throws {
        var bomb = try Self.package([("[Content_Types].xml", "<Types/>"), ("word/document.xml", String(repeating: "a", count: 4096))])
        // Claim 1 GiB for an entry in the central directory, as a bomb's own header would.
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let entry = try #require((0..<(bomb.count - 4)).last { Array(bomb[$0..<$0 + 4]) == signature })
        for (offset, byte) in [UInt8](arrayLiteral: 0x00, 0x00, 0x00, 0x40).enumerated() { bomb[entry + 24 + offset] = byte }
        #expect(refusal("炸弹.docx", bomb).contains("解压后"), "\(refusal("炸弹.docx", bomb))")
    }

    /// A PDF parses to its trailer, an image ends where its format ends, and none of them carries a
    /// web page a browser could be made to run (a polyglot).
    @Test func polyglotsAndTruncatedFilesAreRefused() throws {
        #expect(try EvidenceType.detect(name: "纪要.pdf", bytes: Self.pdf).get() == .pdf)
        #expect(refusal("截断.pdf", Array("%PDF-1.4\n1 0 obj<<>>endobj\n".utf8)).contains("不完整"))
        let html = Array("<html><body><script>alert(document.cookie)</script></body></html>\n".utf8)
        #expect(refusal("混合.pdf", Array("%PDF-1.4\n".utf8) + html + Self.pdf.dropFirst(9)).contains("网页"))
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9]
        #expect(try EvidenceType.detect(name: "照片.jpg", bytes: jpeg).get() == .jpeg)
        #expect(refusal("照片.jpg", [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x50] + html + [0xFF, 0xD9]).contains("网页"))
        #expect(refusal("截断.jpg", Array(jpeg.dropLast(2))).contains("不完整"))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        #expect(try EvidenceType.detect(name: "图.png", bytes: png).get() == .png)
        #expect(refusal("截断.png", Array(png.dropLast(8))).contains("不完整"))
    }

    /// Found by an outside trial: script that is not HTML. A PDF that runs JavaScript when opened, and
    /// a Word package with a web page among its parts (compressed, so no byte of it shows).
    @Test func scriptInAPdfOrAPackageIsRefused() throws {
        let action = Array("%PDF-1.4\n1 0 obj<< /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>endobj\ntrailer<<>>\n%%EOF\n".utf8)
        #expect(refusal("纪要.pdf", action).contains("脚本"), "\(refusal("纪要.pdf", action))")
        let html = "<p>" + String(repeating: "x", count: 400) + "</p>"
        let page = try Self.package([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), ("word/evil.html", html)])
        #expect(refusal("报告.docx", page).contains("evil.html"), "\(refusal("报告.docx", page))")
    }
}

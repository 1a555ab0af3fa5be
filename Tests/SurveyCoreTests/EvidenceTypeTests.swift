import SurveyCore
import Testing

/// What a 佐证材料 file is taken for: its first bytes and its name must agree, and a refusal says why.
@Suite struct EvidenceTypeTests {
    func refusal(_ name: String, _ bytes: [UInt8]) -> String {
        if case .failure(let error) = EvidenceType.detect(name: name, bytes: bytes) { return error.message }
        return ""
    }

    /// A zip archive holding the parts of a Word or Excel file.
    static func office(_ part: String) -> [UInt8] {
        [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....\(part)document.xml....".utf8)
    }

    @Test func aFileWhoseContentIsNotWhatItsNameSaysIsNamedSo() {
        #expect(refusal("fake.pdf", Array("just text".utf8)).contains("内容不是 PDF"))
        #expect(refusal("run.sh", Array("#!/bin/sh".utf8)).contains("类型不在允许之列"))
        #expect(refusal("照片.JPG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).contains("扩展名与内容不符"))
    }

    @Test func aZipIsOnlyWordOrExcelWhenItHoldsTheirParts() throws {
        #expect(refusal("fake.docx", [0x50, 0x4B, 0x03, 0x04] + Array("hello.txt hello".utf8)).contains("不是 Word 文档"))
        #expect(refusal("表.xlsx", Self.office("word/")).contains("不是 Excel 表格"))
        #expect(try EvidenceType.detect(name: "整改报告.docx", bytes: Self.office("word/")).get() == .docx)
        #expect(try EvidenceType.detect(name: "台账.xlsx", bytes: Self.office("xl/")).get() == .xlsx)
    }
}

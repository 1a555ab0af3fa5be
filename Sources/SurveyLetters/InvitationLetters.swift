import Foundation
import SurveyCore
import SurveyReports

/// Invitation letters (邀请函) to print and hand out at a meeting: one A4 sheet per supervisor with
/// the office's greeting, a QR code of their personal link, and how to open it.
public enum InvitationLetters {
    /// One supervisor's letter: their name and personal link.
    public struct Letter: Sendable, Equatable {
        public var id: String
        public var name: String
        public var link: String
        public init(id: String, name: String, link: String) {
            self.id = id
            self.name = name
            self.link = link
        }
    }

    /// The printable page, or the ids whose link was too long to encode.
    public static func html(_ letters: [Letter], office: OfficeProfile, at now: Date) -> Result<String, LettersError> {
        let escape = ReportRenderer.escape
        var sheets: [String] = []
        var failed: [String] = []
        for letter in letters {
            guard let code = QRCode(letter.link) else {
                failed.append(letter.id)
                continue
            }
            sheets.append(
                """
                <section class="letter" data-id="\(escape(letter.id))">
                <h1>营商环境监督员问卷邀请函</h1>
                <p class="to">尊敬的\(escape(letter.name))监督员：</p>
                <p>感谢您担任\(escape(office.district))营商环境监督员。\(escape(office.office))将通过营商环境监督员问卷平台向您推送调查问卷，\
                请用手机扫描下方二维码，打开您的个人问卷页面填写。</p>
                <div class="qr">\(code.svg(sideMillimetres: 60))</div>
                <ol class="how">
                <li>微信“扫一扫”扫描二维码；如页面提示，请点击右上角“…”，选择“在浏览器打开”。</li>
                <li>也可用手机相机或浏览器的扫码功能扫描。</li>
                <li>或在手机浏览器地址栏输入以下链接：<br><span class="link">\(escape(letter.link))</span></li>
                </ol>
                <p class="note">此链接为您个人专用，请妥善保管，不要转发他人。链接失效或遗失时，请联系\(escape(office.office))重新获取。</p>
                <p class="sign">\(escape(office.office))<br>\(ReportOutline.chineseDate(now))</p>
                </section>
                """)
        }
        guard failed.isEmpty else { return .failure(LettersError(ids: failed)) }
        return .success(
            """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>营商环境监督员问卷邀请函</title><style>
            @page { size: A4; margin: 25mm 25mm 20mm; }
            body { font-family: "仿宋_GB2312", "FangSong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; margin: 0; }
            section.letter { break-after: page; max-width: 160mm; margin: 0 auto; }
            h1 { font-family: "方正小标宋简体", "Noto Serif CJK SC", serif; font-weight: normal; font-size: 22pt; text-align: center; }
            p { margin: 0.4em 0; text-indent: 2em; } p.to { text-indent: 0; }
            .qr { text-align: center; margin: 8mm 0; } .how { font-size: 14pt; }
            .link { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; word-break: break-all; }
            .note { font-size: 13pt; } .sign { text-align: right; margin-top: 10mm; text-indent: 0; }
            </style></head><body>
            \(sheets.joined(separator: "\n"))
            </body></html>

            """)
    }
}

/// Links too long for a QR code.
public struct LettersError: Error, Sendable, Equatable {
    public var ids: [String]
}

/// Text that people typed, made safe for where staff read it: a terminal or a spreadsheet.
public enum UntrustedText {
    /// Every control character (C0, DEL, C1: newlines, escape sequences, bells) shown as a visible
    /// escape such as `\n` or `\u{1b}`, so that it cannot move the cursor or drive the terminal.
    public static func forTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar) || isBidiControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A whole document for the terminal: its line breaks (LF, CRLF) and tabs kept, every other
    /// control character and bidirectional control shown as an escape.
    public static func forTerminalKeepingLines(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let lineBreak = scalar == "\n" || scalar == "\t" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
            if lineBreak || !(isControl(scalar) || isBidiControl(scalar)) {
                out.append(scalar)
            } else {
                out.append(contentsOf: forTerminal(String(scalar)).unicodeScalars)
            }
        }
        return String(out)
    }

    /// A cell that would start a formula in Excel or WPS (`= + - @`, or a tab or carriage return
    /// before one) gets a leading apostrophe, as OWASP advises; plain numbers stay numbers.
    public static func forSpreadsheet(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil else { return text }
        return "'" + text
    }

    /// A bidirectional control (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C): it makes text
    /// display as other text ("报告\u{202E}exe.pdf" reads as 报告fdp.exe).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) || [0x200E, 0x200F, 0x061C].contains(scalar.value)
    }

    /// Whether typed text holds a control character other than a newline, or a bidirectional
    /// control: what a note, a measure or an opinion may not carry.
    public static func hasControlOrBidi(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.properties.generalCategory == .control && $0 != "\n") || isBidiControl($0) }
    }

    /// The text without bidirectional controls, for documents and pages: shown as typed, never reordered.
    public static func withoutBidiControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isBidiControl) else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.filter { !isBidiControl($0) })
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

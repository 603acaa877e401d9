/// The one rule for a password and a share passphrase: at least twelve
/// characters, not only whitespace, not a well-known password, and not one
/// character or one short pattern repeated.
public enum PasswordPolicy {
  public static let minimumLength = 12

  /// What is wrong with `password`, phrased for the person typing it; nil when it will do.
  public static func problem(_ password: String) -> String? {
    if password.allSatisfy(\.isWhitespace) { return "must not be only spaces" }
    if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
    let folded = password.lowercased()
    if common.contains(folded) || common.contains(folded.filter { !$0.isWhitespace }) {
      return "is on the list of common passwords; choose a phrase of your own"
    }
    if isRepetition(folded) { return "is one short pattern repeated; choose a phrase of your own" }
    return nil
  }

  /// A string made of one piece of up to four characters said again and again ("abcabcabcabc").
  private static func isRepetition(_ text: String) -> Bool {
    let chars = Array(text)
    for period in 1...4 where chars.count > period * 2 {
      if chars.indices.allSatisfy({ chars[$0] == chars[$0 % period] }) { return true }
    }
    return false
  }

  /// Well-known passwords of twelve characters or more, from published breach
  /// lists, folded to lower case. Shorter ones already fail the length rule.
  static let common: Set<String> = [
    "123456789012", "1234567890123", "12345678901234", "123456789012345", "1234567890123456",
    "1234567890qwerty", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u8i", "qwertyuiop123", "qwertyuiopasdfgh",
    "qwertyuiopasdfghjkl", "qwerty123456", "qwerty1234567", "qwertyqwerty", "asdfghjkl123",
    "zxcvbnm12345", "password1234", "password12345", "password123456", "passwordpassword",
    "password1234567", "password123!", "password@123", "password2024", "password2025", "password2026",
    "p@ssw0rd1234", "p@ssword1234", "passw0rd1234", "iloveyou1234", "iloveyouforever", "letmein12345",
    "letmeinplease", "welcome12345", "welcome123456", "welcometothejungle", "trustno1trustno1",
    "football1234", "football12345", "baseball1234", "superman1234", "starwars1234", "princess1234",
    "sunshine1234", "monkey123456", "dragon123456", "shadow123456", "master123456", "abc123456789",
    "abcdefghijkl", "abcdefghijklm", "abcdefg12345", "aaaaaaaaaaaa", "111111111111", "000000000000",
    "987654321098", "123123123123", "121212121212", "qazwsxedcrfv", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv",
    "zaq12wsxcde3", "correcthorsebatterystaple", "changeme1234", "changemenow!", "administrator",
    "administrator1", "admin1234567", "adminadmin12", "letmein123456", "startwell123", "startwell1234",
    "startwellhub1", "familyhub123", "manchesterunited", "liverpoolfc1", "chelseafc1234",
    "arsenal12345", "mypassword12", "mypassword123", "thisismypassword", "secretpassword",
    "supersecret12", "ilovemyfamily", "ilovemykids1", "summer2024!!", "winter2025!!",
  ]
}

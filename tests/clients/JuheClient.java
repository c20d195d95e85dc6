// How Java integrations call the API with HttpURLConnection: a multipart
// upload to /verify written by hand, and a urlencoded base64 form to
// /query. Prints each answer's error_code, one a line.
//
//   java tests/clients/JuheClient.java http://127.0.0.1:8080 KEY image.jpg

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class JuheClient {
    static String read(HttpURLConnection conn) throws Exception {
        try (InputStream in = conn.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String code(String json) {
        Matcher m = Pattern.compile("\"error_code\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "none: " + json;
    }

    static String verify(String base, String key, byte[] image) throws Exception {
        String boundary = "===" + System.currentTimeMillis() + "===";
        String crlf = "\r\n";
        HttpURLConnection conn = (HttpURLConnection) new URL(base + "/verify_cardjz_certificate/verify").openConnection();
        conn.setDoOutput(true);
        conn.setRequestMethod("POST");
        conn.setChunkedStreamingMode(4096);
        conn.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
        try (DataOutputStream out = new DataOutputStream(conn.getOutputStream())) {
            out.writeBytes("--" + boundary + crlf);
            out.writeBytes("Content-Disposition: form-data; name=\"key\"" + crlf);
            out.writeBytes("Content-Type: text/plain; charset=UTF-8" + crlf + crlf);
            out.writeBytes(key + crlf);
            out.writeBytes("--" + boundary + crlf);
            out.writeBytes("Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"" + crlf);
            out.writeBytes("Content-Type: image/jpeg" + crlf);
            out.writeBytes("Content-Transfer-Encoding: binary" + crlf + crlf);
            out.write(image);
            out.writeBytes(crlf + "--" + boundary + "--" + crlf);
        }
        return code(read(conn));
    }

    static String query(String base, String key, byte[] image) throws Exception {
        String body = "key=" + URLEncoder.encode(key, "UTF-8")
            + "&file=" + URLEncoder.encode(Base64.getEncoder().encodeToString(image), "UTF-8");
        HttpURLConnection conn = (HttpURLConnection) new URL(base + "/verify_cardjz_certificate/query").openConnection();
        conn.setDoOutput(true);
        conn.setRequestMethod("POST");
        conn.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        conn.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        return code(read(conn));
    }

    public static void main(String[] args) throws Exception {
        byte[] image = Files.readAllBytes(Paths.get(args[2]));
        System.out.println(verify(args[0], args[1], image));
        System.out.println(query(args[0], args[1], image));
    }
}

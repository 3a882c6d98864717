package dev.shouli.drills;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP conversation over a plain socket, as a sending MTA has it, returning the reply code the listener gave to
 * the end of DATA: what decides whether the MTA keeps the mail queued (4xx) or considers it delivered (250).
 */
final class SmtpProbe {

    private SmtpProbe() {
    }

    static int send(int port, String from, String to, String messageId, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(reply(in), 220);
            expect(command(out, in, "EHLO drill.example.cn"), 250);
            expect(command(out, in, "MAIL FROM:<" + from + ">"), 250);
            expect(command(out, in, "RCPT TO:<" + to + ">"), 250);
            expect(command(out, in, "DATA"), 354);
            String message = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: =?UTF-8?B?5YGc5rC0?=\r\n"
                    + "Message-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + text + "\r\n.\r\n";
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
            int code = reply(in);
            command(out, in, "QUIT");
            return code;
        }
    }

    private static int command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** Reads a reply, all its lines ("250-…" continue it, "250 …" ends it), and returns its code. */
    private static int reply(BufferedReader in) throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the listener closed the connection");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return Integer.parseInt(line.substring(0, 3));
            }
        }
    }

    private static void expect(int code, int wanted) throws IOException {
        if (code != wanted) {
            throw new IOException("SMTP reply " + code + ", expected " + wanted);
        }
    }
}

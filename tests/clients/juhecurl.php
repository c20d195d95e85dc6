<?php
// Juhe's PHP demo helper, as PHP integrations copy it, against regcert
// serve: an array posted to /query (curl sends it as multipart) and a
// CURLFile posted to /verify. Prints each answer's error_code and how many
// fields came back, one answer a line.
//
//   php tests/clients/juhecurl.php http://127.0.0.1:8080 KEY image.jpg

function juhecurl($url, $params = false, $ispost = 0)
{
    $httpInfo = array();
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_setopt($ch, CURLOPT_USERAGENT, 'JuheData');
    curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 60);
    curl_setopt($ch, CURLOPT_TIMEOUT, 60);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($ch, CURLOPT_FOLLOWLOCATION, true);
    if ($ispost) {
        curl_setopt($ch, CURLOPT_POST, true);
        curl_setopt($ch, CURLOPT_POSTFIELDS, $params);
        curl_setopt($ch, CURLOPT_URL, $url);
    } else {
        if ($params) {
            curl_setopt($ch, CURLOPT_URL, $url . '?' . $params);
        } else {
            curl_setopt($ch, CURLOPT_URL, $url);
        }
    }
    $response = curl_exec($ch);
    if ($response === false) {
        return false;
    }
    curl_close($ch);
    return $response;
}

list(, $base, $key, $path) = $argv;
$answers = array(
    juhecurl($base . '/verify_cardjz_certificate/query',
        array('key' => $key, 'file' => base64_encode(file_get_contents($path))), 1),
    juhecurl($base . '/verify_cardjz_certificate/verify',
        array('key' => $key, 'file' => new CURLFile($path)), 1),
    juhecurl($base . '/verify_cardjz_certificate/query',
        http_build_query(array('key' => $key, 'file' => base64_encode(file_get_contents($path)))), 1),
);
foreach ($answers as $answer) {
    $json = json_decode($answer, true);
    $fields = isset($json['result']['res']) ? count($json['result']['res']) : 0;
    echo $json['error_code'] . ' ' . $fields . "\n";
}

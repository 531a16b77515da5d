package dev.findling.app.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: which model pack the server runs on, or why it could not open it. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
